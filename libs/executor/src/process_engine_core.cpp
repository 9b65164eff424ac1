//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A process pool's parent side of the task path: from submit to the ring,
// and cancel (DESIGN §6 "Pools"); closing and joining are in
// process_engine_close.cpp, its making and unmaking in
// process_engine_setup.cpp.

#include "process_engine_state.hpp"

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/handle_table.hpp>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <system_error>
#include <unistd.h>

namespace freethreading::detail {

void process_engine_state::submit(std::span<const std::shared_ptr<process_task_base>> tasks)
{
    for (const auto& task : tasks)
        task->engine = this;
    std::vector<std::pair<std::shared_ptr<process_task_base>, std::exception_ptr>> failed;
    int wake = 0;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (closed_)
            throw std::logic_error(terminating_ ? "freethreading: submit after terminate()"
                                                : "freethreading: submit after close()");
        int placed = 0;
        for (const auto& task : tasks) {
            if (broken_) {
                task->placement = process_task_base::finished;
                failed.emplace_back(task, std::make_exception_ptr(broken_pool_error(broken_message_)));
            } else if (pending_.empty() && !free_slots_.empty()) {
                const std::uint32_t s = free_slots_.back();
                free_slots_.pop_back();
                placed += place_locked(s, task, failed) ? 1 : 0;
            } else {
                pending_.push_back(task);
            }
        }
        // One bell for the batch: the workers look at the ring once.
        wake = ring_bell_locked(placed);
    }
    wake_workers(wake);
    for (auto& [t, e] : failed)
        t->future().set_exception(e);
}

bool process_engine_state::place_locked(
    std::uint32_t s, const std::shared_ptr<process_task_base>& task,
    std::vector<std::pair<std::shared_ptr<process_task_base>, std::exception_ptr>>& failed)
{
    process_slot& slot = slots_[s];
    process_ring& ring = control_->ring;
    const std::uint64_t pos = ring.head.load(std::memory_order_relaxed);
    if (pos - ring.tail.load(std::memory_order_acquire) >= ring.capacity) {
        // Cannot happen (doc/design-notes.md, "The process engine"); if
        // it did, the task waits for the ring to move.
        free_slots_.push_back(s);
        pending_.push_front(task);
        return false;
    }
    scratch_.clear();
    slot.stop_state = 0;
    slot.arguments_offset = 0;
    try {
        task->write(slot, scratch_);
        const std::size_t size = scratch_.size();
        if (size <= process_slot::inline_capacity) {
            if (size != 0)
                std::memcpy(slot.bytes, scratch_.data(), size);
        } else {
            void* block = segment_.allocate(size, 64);
            std::memcpy(block, scratch_.data(), size);
            slot.arguments_offset = segment_.offset_of(block);
        }
        slot.arguments_size = size;
    } catch (...) {
        if (slot.stop_state != 0)
            handle_table::release_encoded(slot.stop_state);
        slot.stop_state = 0;
        free_slots_.push_back(s);
        task->placement = process_task_base::finished;
        failed.emplace_back(task, std::current_exception());
        return false;
    }
    slot.started_ns.store(0, std::memory_order_relaxed);
    slot.kind = result_kind::value;
    slot.result_size = slot.part_offset = slot.part_size = 0;
    owners_[s] = task;
    seen_running_[s] = 0;
    placed_at_[s] = pos;
    task->placement = s;
    // Published in order: the slot, then its ring cell, then the head.
    slot.state.store(slot_state_word(task_slot_phase::queued, 0, static_cast<std::uint32_t>(pos)),
                     std::memory_order_release);
    ring.cells[pos % ring.capacity].store((pos + 1) << 16 | s, std::memory_order_release);
    ring.head.store(pos + 1, std::memory_order_release);
    return true;
}

int process_engine_state::ring_bell_locked(int placed) noexcept
{
    if (placed == 0)
        return 0;
    process_ring& ring = control_->ring;
    ring.bell.fetch_add(1, std::memory_order_seq_cst);
    // Spinning workers take tasks without a wake-up; sleepers are woken only
    // for the rest.
    int spinning = 0;
    int asleep = 0;
    int busy = 0;
    for (std::size_t i = 0; i < worker_count; ++i) {
        const std::uint32_t idle = control_->records[i].idle.load(std::memory_order_seq_cst);
        spinning += idle == worker_spinning ? 1 : 0;
        asleep += idle == worker_asleep ? 1 : 0;
        busy += idle == worker_busy && workers_[i].state == process_worker_entry::status::alive ? 1 : 0;
    }
    const int wake = std::max(std::min(placed - spinning, asleep), 0);
    if (wake == 0)
        return 0;
    // A worker running a task looks at the ring again when it ends, so a
    // task for each busy worker waits for one of them rather than for a
    // wake-up: a wake-up is a system call here and, to a sleeping CPU, an
    // interrupt, and a stream of short tasks would pay one per push
    // (doc/design-notes.md, "Held-back wake-ups"). The completion thread
    // wakes sleepers for what is still queued after held_wake_bound. The
    // wake-ups that cannot wait (more tasks than busy workers) are left to
    // the completion thread too while it is awake: it makes them when it
    // next looks, and the thread that submits goes on at once.
    if (placed - spinning - busy > 0)
        held_urgent_ = true;
    if (held_until_ == 0)
        held_since_ = std::chrono::steady_clock::now();
    held_until_ = ring.head.load(std::memory_order_relaxed);
    wakes_held_.store(true, std::memory_order_seq_cst);
    // Either the completion thread, about to sleep or to run user code,
    // sees wakes_held_ (and looks again at once, or wakes the sleepers
    // first), or this sees it asleep or in user code and holds nothing back
    // (every access seq_cst).
    if ((control_->events.load(std::memory_order_seq_cst) & completion_sleeps) != 0 ||
        in_user_code_.load(std::memory_order_seq_cst))
        return wake;
    return 0;
}

void process_engine_state::wake_workers(int count) noexcept
{
    // After the lock is let go: a wake-up is a system call (and, to an idle
    // CPU, an interrupt), which the other thread that takes the lock (the
    // submitting one or the completion thread) would otherwise wait out.
    // The bell has changed already, so a worker going to sleep meanwhile
    // does not sleep through it; one found asleep is woken once, by
    // whichever thread takes it out of its sleep first.
    for (std::size_t i = 0; count > 0 && i < worker_count; ++i)
        count -= wake_worker(control_->records[i]) ? 1 : 0;
}

void process_engine_state::wake_all_workers() noexcept
{
    control_->ring.bell.fetch_add(1, std::memory_order_seq_cst);
    for (std::size_t i = 0; i < worker_count; ++i)
        (void)wake_worker(control_->records[i]);
}

int process_engine_state::refill_locked(
    std::vector<std::pair<std::shared_ptr<process_task_base>, std::exception_ptr>>& failed)
{
    int placed = 0;
    while (!pending_.empty() && !free_slots_.empty() && !broken_) {
        std::shared_ptr<process_task_base> task = std::move(pending_.front());
        pending_.pop_front();
        const std::uint32_t s = free_slots_.back();
        free_slots_.pop_back();
        if (place_locked(s, task, failed))
            ++placed;
        else if (task->placement == process_task_base::unplaced)
            break; // the ring is full: put back, wait for it to move
    }
    const int wake = ring_bell_locked(placed);
    drain_if_done_locked();
    return wake;
}

void process_engine_state::drain_if_done_locked() noexcept
{
    if (!closed_ || !pending_.empty() || control_->drain.load(std::memory_order_relaxed) != 0)
        return;
    control_->drain.store(1, std::memory_order_seq_cst);
    wake_all_workers();
}

bool process_engine_state::queued_work_locked() const noexcept
{
    if (!pending_.empty())
        return true;
    for (std::size_t s = 0; s < slot_count; ++s)
        if (slot_phase_of(slots_[s].state.load(std::memory_order_acquire)) == task_slot_phase::queued)
            return true;
    return false;
}

bool process_engine_state::cancel(process_task_base& task) noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    if (task.placement == process_task_base::unplaced) {
        if (!task.begin_cancel())
            return false;
        const auto it = std::find_if(pending_.begin(), pending_.end(),
                                     [&](const std::shared_ptr<process_task_base>& t) { return t.get() == &task; });
        if (it != pending_.end())
            pending_.erase(it);
        task.placement = process_task_base::finished;
        drain_if_done_locked();
        if (leaving_locked())
            finished_cv_.notify_all();
        return true;
    }
    if (task.placement < 0)
        return false;
    const auto s = static_cast<std::uint32_t>(task.placement);
    const auto tag = static_cast<std::uint32_t>(placed_at_[s]);
    std::uint64_t expected = slot_state_word(task_slot_phase::queued, 0, tag);
    // The one CAS that the worker's claim races (DESIGN §4.1).
    if (!slots_[s].state.compare_exchange_strong(expected, slot_state_word(task_slot_phase::cancelled, 0, tag),
                                                 std::memory_order_acq_rel, std::memory_order_relaxed))
        return false;
    cancelled_slots_.push_back(s);
    return task.begin_cancel();
}

void process_engine_state::wake_supervisor() noexcept
{
    const std::uint64_t one = 1;
    while (::write(supervisor_bell_, &one, sizeof one) < 0 && errno == EINTR) {
    }
}

void process_engine_state::wake_completion() noexcept
{
    notify_completion(*control_);
}

std::vector<pid_t> process_engine_state::worker_pids() const
{
    std::vector<pid_t> out;
    std::lock_guard<std::mutex> guard(mutex_);
    for (const process_worker_entry& w : workers_)
        if (w.state == process_worker_entry::status::alive)
            out.push_back(w.worker->child().pid());
    return out;
}

bool process_engine_cancel(process_engine_state& engine, process_task_base& task) noexcept
{
    return engine.cancel(task);
}

process_task_base::~process_task_base() = default;

// ---- process_engine_core

process_engine_core::process_engine_core(std::size_t workers, const pool_options& options, pool_flavour flavour,
                                         std::optional<process_initializer> init)
    : state_(std::make_unique<process_engine_state>(workers, options, flavour, std::move(init)))
{
    state_->start();
    if (state_->control_->has_initializer)
        state_->wait_for_initializers();
}

process_engine_core::process_engine_core(process_engine_core&&) noexcept = default;

process_engine_core::~process_engine_core() = default;

void process_engine_core::submit(std::shared_ptr<process_task_base> task)
{
    state_->submit({&task, 1});
}

void process_engine_core::submit(std::span<const std::shared_ptr<process_task_base>> tasks)
{
    state_->submit(tasks);
}

bool process_engine_core::post(std::unique_ptr<handler_node> h)
{
    return state_->post(std::move(h));
}

bool process_engine_core::in_completion_thread() const noexcept
{
    return state_->in_completion_thread();
}

void process_engine_core::close() noexcept
{
    state_->close();
}

bool process_engine_core::join_until(steady_time deadline)
{
    return state_->join_until(deadline);
}

void process_engine_core::terminate()
{
    state_->terminate();
}

void process_engine_core::cancel_pending()
{
    state_->cancel_pending();
}

std::size_t process_engine_core::size() const noexcept
{
    return state_->worker_count;
}

std::vector<pid_t> process_engine_core::worker_pids() const
{
    return state_->worker_pids();
}

pid_t process_engine_core::zygote_pid() const noexcept
{
    return state_->zygote_ ? state_->zygote_->zygote().pid() : -1;
}

} // namespace freethreading::detail
