//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A process pool's worker deaths, handled by its completion thread (DESIGN
// §6 "Crash consistency"): the results a dead worker had published are
// kept, the tasks it held fail with an error that says how it ended, and its
// sub-arena goes back to the segment. The rest of the completion thread is
// in process_completion.cpp.

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

// How a worker ended, for messages: "was killed by signal SIGKILL (Killed)",
// "exited with status 3".
std::string how_it_ended(int code)
{
    if (code >= 0)
        return "exited with status " + std::to_string(code);
    const int sig = -code;
    const char* abbrev = ::sigabbrev_np(sig);
    const char* text = ::strsignal(sig);
    std::string out = "was killed by signal ";
    out += abbrev != nullptr ? std::string("SIG") + abbrev : std::to_string(sig);
    if (text != nullptr)
        out += std::string(" (") + text + ")";
    return out;
}

} // namespace

chunk_arena* process_engine_state::arena_of(std::uint32_t worker) const noexcept
{
    return worker < worker_count ? control_->records[worker].arena : nullptr;
}

std::string process_engine_state::describe_worker(std::uint32_t index) const
{
    const process_worker_entry& w = workers_[index];
    if (!w.worker)
        return "worker " + std::to_string(index);
    return "worker " + w.worker->name() + " (pid " + std::to_string(w.worker->child().pid()) + ")";
}

std::exception_ptr process_engine_state::death_error(std::uint32_t index, const process_task_base& task,
                                                     bool timed_out) const
{
    const std::string what = "a task of type '" + task.callable_name() + "'";
    const std::string who = describe_worker(index);
    if (timed_out) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(options.task_timeout).count();
        return std::make_exception_ptr(timeout_error("freethreading: " + what + " ran past its task_timeout of " +
                                                     std::to_string(ms) + " ms in " + who +
                                                     ", which was killed and replaced"));
    }
    if (terminating_)
        return std::make_exception_ptr(
            broken_pool_error("freethreading: the pool was terminated while " + who + " ran " + what));
    if (broken_)
        return std::make_exception_ptr(broken_pool_error(broken_message_ + " (" + who + " was running " + what + ")"));
    return std::make_exception_ptr(broken_pool_error("freethreading: " + who + " " +
                                                     how_it_ended(workers_[index].exit_code) + " while running " +
                                                     what));
}

void process_engine_state::handle_death(std::uint32_t index)
{
    // The slots the dead worker held; its published results are complete
    // and stay readable until its sub-arena is given back below.
    std::vector<process_slot_work> held;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        for (std::uint32_t s = 0; s < slot_count; ++s) {
            const std::uint64_t state = slots_[s].state.load(std::memory_order_acquire);
            const task_slot_phase phase = slot_phase_of(state);
            if ((phase == task_slot_phase::running || phase == task_slot_phase::part_ready || phase == task_slot_phase::done ||
                 phase == task_slot_phase::timing_out) &&
                slot_worker_of(state) == index)
                held.push_back({s, state, owners_[s]});
        }
    }
    for (const process_slot_work& w : held) {
        if (slot_phase_of(w.state) == task_slot_phase::done) {
            finish_slot(w);
            continue;
        }
        std::exception_ptr e;
        {
            std::lock_guard<std::mutex> guard(mutex_);
            e = death_error(index, *w.task, slot_phase_of(w.state) == task_slot_phase::timing_out);
        }
        w.task->future().set_exception(e);
    }
    std::string init_failure;
    std::vector<std::shared_ptr<process_task_base>> graveyard;
    bool replace = false;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        for (const process_slot_work& w : held)
            recycle_locked(w.slot, graveyard);
        process_worker_entry& entry = workers_[index];
        process_worker_record& record = control_->records[index];
        if (record.init_state.load(std::memory_order_acquire) == 2)
            init_failure = "freethreading: the pool's initializer threw in " + describe_worker(index) + ": " +
                           std::string(record.init_error, ::strnlen(record.init_error, sizeof record.init_error));
        record.arena = nullptr;
        // The dead worker's entries are handled above; the next starts afresh.
        record.done_head.store(0, std::memory_order_relaxed);
        record.done_tail = 0;
        record.current.store(0, std::memory_order_relaxed);
        record.idle.store(worker_busy, std::memory_order_relaxed);
        record.arena_freed.sleepers.store(0, std::memory_order_relaxed);
        if (entry.arena_block != nullptr)
            segment_.deallocate(entry.arena_block, entry.arena_bytes);
        entry.arena_block = nullptr;
        entry.worker.reset();
        replace = !terminating_ && !broken_ && !zygote_ended_ && init_failure.empty() &&
                  (!closed_ || queued_work_locked());
        entry.state = replace ? process_worker_entry::status::wanted : process_worker_entry::status::absent;
    }
    if (!init_failure.empty())
        break_pool(init_failure);
    if (replace)
        wake_supervisor();
}

void process_engine_state::break_pool(std::string message)
{
    std::vector<std::shared_ptr<process_task_base>> failed;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (broken_)
            return;
        broken_ = true;
        broken_message_ = std::move(message);
        take_unstarted_locked(failed);
        // Nothing more will run: the workers left are stopped.
        control_->drain.store(1, std::memory_order_seq_cst);
        wake_all_workers();
        kill_workers_locked();
    }
    const std::exception_ptr e = std::make_exception_ptr(broken_pool_error(broken_message_));
    for (const auto& t : failed)
        (void)t->future().set_exception(e);
}

} // namespace freethreading::detail
