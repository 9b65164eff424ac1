//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A process pool's completion thread (DESIGN §6 "Pools", §4.1): it moves
// what the workers published into the futures' states (where callbacks
// run), takes the parts of large results, recycles slots and fills them from
// the queue, and handles the deaths the supervisor reports: the results a
// dead worker had published are kept, the tasks it held fail, and its
// sub-arena goes back to the segment.

#include "process_engine_state.hpp"

#include <freethreading/core/detail/cpu_relax.hpp>
#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/futex.hpp>

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstring>
#include <pthread.h>
#include <string>

namespace freethreading::detail {

namespace {

// How long tasks held back for a busy worker (ring_bell_locked) may wait
// before the completion thread wakes a sleeping worker for them.
constexpr std::chrono::microseconds held_wake_bound{50};

using failures = std::vector<std::pair<std::shared_ptr<process_task_base>, std::exception_ptr>>;

} // namespace


void process_engine_state::complete_loop() noexcept
{
    ::pthread_setname_np(::pthread_self(), "ft-pool-results");
    enter_completion_thread();
    std::atomic<std::uint32_t>& events = control_->events;
    for (;;) {
        const std::uint32_t seen = events.load(std::memory_order_seq_cst);
        bool progress = true;
        try {
            progress = complete_round();
        } catch (...) {
            // Memory ran out in the parent: try again.
        }
        progress = run_posted() || progress;
        if (stopping_.load(std::memory_order_acquire)) {
            end_posted();
            return;
        }
        futex_deadline look_again;
        if (wakes_held_.load(std::memory_order_acquire))
            look_again = release_held_wakes(false);
        if (progress)
            continue;
        // A short spin: results often follow one another closely.
        for (int i = 0; i < 64 && events.load(std::memory_order_acquire) == seen && !results_waiting(); ++i)
            cpu_relax();
        // The sleep bit is set only on the word this round looked at: a
        // notification since then changed it and the CAS fails.
        std::uint32_t expected = seen;
        if (events.compare_exchange_strong(expected, seen | completion_sleeps, std::memory_order_seq_cst)) {
            // Wake-ups held back after the look above: look again at once.
            if (!look_again && wakes_held_.load(std::memory_order_seq_cst))
                look_again = std::chrono::steady_clock::now();
            // Claims and results that the workers announced without a
            // notification (nudge_completion): seen now, or they see the bit.
            bool news = false;
            {
                std::lock_guard<std::mutex> guard(mutex_);
                for (std::uint32_t i = 0; i < worker_count && !news; ++i)
                    news = unmarked_claim_locked(i).has_value();
            }
            if (!news && !results_waiting())
                (void)futex_wait(events, seen | completion_sleeps, true, look_again);
        }
        events.fetch_and(~completion_sleeps, std::memory_order_seq_cst);
    }
}

futex_deadline process_engine_state::release_held_wakes(bool now) noexcept
{
    std::uint64_t queued = 0;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        const process_ring& ring = control_->ring;
        const std::uint64_t tail = ring.tail.load(std::memory_order_acquire);
        if (held_until_ != 0 && tail < held_until_) {
            if (!now && !held_urgent_ && std::chrono::steady_clock::now() < held_since_ + held_wake_bound)
                return held_since_ + held_wake_bound;
            queued = ring.head.load(std::memory_order_relaxed) - tail;
        }
        held_until_ = 0;
        held_urgent_ = false;
        wakes_held_.store(false, std::memory_order_relaxed);
    }
    // wake_workers wakes only workers that sleep, one call each.
    wake_workers(static_cast<int>(std::min<std::uint64_t>(queued, worker_count)));
    return std::nullopt;
}

bool process_engine_state::results_waiting() const noexcept
{
    for (std::uint32_t i = 0; i < worker_count; ++i) {
        const process_worker_record& r = control_->records[i];
        if (r.done_head.load(std::memory_order_seq_cst) != r.done_tail)
            return true;
    }
    return false;
}

std::optional<std::uint32_t> process_engine_state::unmarked_claim_locked(std::uint32_t i) const noexcept
{
    // The slot's own state is not read: that line is the worker's until it
    // publishes. The tag tells this placement from an earlier one of the
    // slot; a slot recycled and not placed again has no owner.
    const std::uint64_t c = control_->records[i].current.load(std::memory_order_seq_cst);
    const auto s = static_cast<std::uint32_t>(c) - 1;
    if (static_cast<std::uint32_t>(c) == 0 || s >= slot_count || seen_running_[s] != 0 || !owners_[s] ||
        static_cast<std::uint32_t>(placed_at_[s]) != static_cast<std::uint32_t>(c >> 32))
        return std::nullopt;
    return s;
}

bool process_engine_state::complete_round()
{
    std::vector<process_slot_work>& work = work_;
    work.clear();
    std::vector<std::uint32_t> deaths;
    std::string breaking;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        for (std::uint32_t i = 0; i < worker_count; ++i)
            if (workers_[i].state == process_worker_entry::status::dead)
                deaths.push_back(i);
        if (!broken_ && zygote_ended_)
            breaking = "freethreading: the pool's zygote process (pid " + std::to_string(zygote_->zygote().pid()) +
                       ") has ended, so its workers are gone and cannot be replaced";
        else if (!broken_ && !launch_error_.empty())
            breaking = launch_error_;
        // What the workers published, in the order they did.
        for (std::uint32_t i = 0; i < worker_count; ++i) {
            process_worker_record& r = control_->records[i];
            const std::uint64_t head = r.done_head.load(std::memory_order_acquire);
            for (; r.done_tail != head; ++r.done_tail) {
                const std::uint32_t s = r.done_cells[r.done_tail % r.done_capacity].load(std::memory_order_relaxed);
                if (s >= slot_count)
                    continue;
                const std::uint64_t state = slots_[s].state.load(std::memory_order_acquire);
                const task_slot_phase phase = slot_phase_of(state);
                if ((phase == task_slot_phase::done || phase == task_slot_phase::part_ready) && slot_worker_of(state) == i)
                    work.push_back({s, state, owners_[s]});
            }
            // The task it runs now: its future reports running().
            if (const auto s = unmarked_claim_locked(i)) {
                seen_running_[*s] = 1;
                const auto tag = static_cast<std::uint32_t>(placed_at_[*s]);
                work.push_back({*s, slot_state_word(task_slot_phase::running, i, tag), owners_[*s]});
            }
        }
        // Cancelled slots, once no worker can reach them through the ring.
        const std::uint64_t tail = control_->ring.tail.load(std::memory_order_acquire);
        const bool quiescent = quiescent_locked();
        std::erase_if(cancelled_slots_, [&](std::uint32_t s) {
            if (tail <= placed_at_[s] && !quiescent)
                return false;
            work.push_back({s, slots_[s].state.load(std::memory_order_acquire), owners_[s]});
            return true;
        });
    }
    if (!breaking.empty())
        break_pool(breaking);
    for (const std::uint32_t i : deaths)
        handle_death(i);

    std::vector<std::uint32_t>& finished = finished_;
    finished.clear();
    for (const process_slot_work& w : work) {
        if (slot_phase_of(w.state) == task_slot_phase::running) {
            (void)w.task->future().claim();
            continue;
        }
        if (slots_[w.slot].state.load(std::memory_order_acquire) != w.state)
            continue; // handled with a death
        switch (slot_phase_of(w.state)) {
        case task_slot_phase::part_ready:
            take_part(w.slot, w.state);
            break;
        case task_slot_phase::done:
            finish_slot(w);
            finished.push_back(w.slot);
            break;
        default: // cancelled
            w.task->discard({slots_[w.slot].arguments_offset == 0
                                 ? slots_[w.slot].bytes
                                 : static_cast<const std::byte*>(
                                       segment_.address_of_unchecked(slots_[w.slot].arguments_offset)),
                             slots_[w.slot].arguments_size},
                            slots_[w.slot].stop_state);
            finished.push_back(w.slot);
            break;
        }
    }

    std::vector<std::shared_ptr<process_task_base>>& graveyard = graveyard_;
    failures failed;
    int wake = 0;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        for (const std::uint32_t s : finished)
            recycle_locked(s, graveyard);
        wake = refill_locked(failed);
        if (leaving_locked())
            finished_cv_.notify_all();
    }
    wake_workers(wake);
    for (auto& [t, e] : failed)
        t->future().set_exception(e);
    const bool progress = !work.empty() || !deaths.empty() || !breaking.empty();
    work.clear(); // the tasks' last references may go here, unlocked
    graveyard.clear();
    return progress;
}

void process_engine_state::take_part(std::uint32_t s, std::uint64_t state) noexcept
{
    process_slot& slot = slots_[s];
    const std::uint32_t w = slot_worker_of(state);
    chunk_arena* arena = arena_of(w);
    auto* part = static_cast<std::byte*>(segment_.address_of_unchecked(slot.part_offset));
    if (arena == nullptr || slot.part_offset == 0 || !arena->contains(part) || slot.part_size > arena->size_of(part)) {
        // Not what a worker of this pool writes: it is not to be trusted.
        std::lock_guard<std::mutex> guard(mutex_);
        if (workers_[w].state == process_worker_entry::status::alive)
            workers_[w].worker->send_signal(SIGKILL);
        return;
    }
    try {
        parts_[s].append(part, slot.part_size);
    } catch (...) {
        return; // no memory to take it now: the next round tries again
    }
    arena->deallocate(part);
    control_->records[w].arena_freed.value.fetch_add(1, std::memory_order_seq_cst);
    control_->records[w].arena_freed.wake(1, true);
    if (slot.state.compare_exchange_strong(state, slot_state_word(task_slot_phase::running, w, slot_tag_of(state)),
                                           std::memory_order_acq_rel))
        (void)futex_wake_low(slot.state, INT_MAX, true);
}

void process_engine_state::finish_slot(const process_slot_work& work) noexcept
{
    process_slot& slot = slots_[work.slot];
    const std::uint32_t w = slot_worker_of(work.state);
    const std::byte* part = slot.bytes;
    bool valid = true;
    if (slot.part_offset != 0) {
        chunk_arena* arena = arena_of(w);
        part = static_cast<const std::byte*>(segment_.address_of_unchecked(slot.part_offset));
        valid = arena != nullptr && arena->contains(part) && slot.part_size <= arena->size_of(part);
    } else {
        valid = slot.part_size <= process_slot::inline_capacity;
    }
    std::span<const std::byte> bytes(part, valid ? slot.part_size : 0);
    try {
        if (valid && !parts_[work.slot].empty()) {
            parts_[work.slot].append(part, slot.part_size);
            bytes = parts_[work.slot].bytes();
        }
        if (!valid || bytes.size() != slot.result_size)
            throw error("freethreading: a pool worker published a malformed result for a task of type '" +
                        work.task->callable_name() + "'");
    } catch (...) {
        work.task->future().set_exception(std::current_exception());
        return;
    }
    work.task->complete(slot.kind, bytes);
}

void process_engine_state::recycle_locked(std::uint32_t s,
                                          std::vector<std::shared_ptr<process_task_base>>& graveyard) noexcept
{
    process_slot& slot = slots_[s];
    const std::uint64_t state = slot.state.load(std::memory_order_acquire);
    if (slot.arguments_offset != 0)
        segment_.deallocate(segment_.address_of_unchecked(slot.arguments_offset), slot.arguments_size);
    slot.arguments_offset = 0;
    if (slot_phase_of(state) == task_slot_phase::done && slot.part_offset != 0) {
        const std::uint32_t w = slot_worker_of(state);
        void* part = segment_.address_of_unchecked(slot.part_offset);
        if (chunk_arena* arena = arena_of(w); arena != nullptr && arena->contains(part)) {
            arena->deallocate(part);
            control_->records[w].arena_freed.value.fetch_add(1, std::memory_order_seq_cst);
            control_->records[w].arena_freed.wake(1, true);
        }
    }
    slot.part_offset = 0;
    if (parts_[s].capacity() > process_slot::size * 64)
        parts_[s] = byte_buffer();
    parts_[s].clear();
    if (owners_[s]) {
        owners_[s]->placement = process_task_base::finished;
        graveyard.push_back(std::move(owners_[s]));
    }
    seen_running_[s] = 0;
    slot.state.store(0, std::memory_order_release);
    free_slots_.push_back(s);
}

} // namespace freethreading::detail
