//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// How a process pool stops taking work and is joined (DESIGN §4.3, §6
// "Pools"): close, terminate, cancel of what has not started, and the join
// that waits until only the workers' exits are left (the teardown, in
// process_engine_setup.cpp, sees to those with the zygote's end).

#include "process_engine_state.hpp"

#include <algorithm>
#include <csignal>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace freethreading::detail {

bool process_engine_state::quiescent_locked() const noexcept
{
    return std::all_of(workers_.begin(), workers_.end(), [](const process_worker_entry& w) {
        return w.state == process_worker_entry::status::absent;
    });
}

bool process_engine_state::finished_locked() const noexcept
{
    return closed_ && pending_.empty() && free_slots_.size() == slot_count && quiescent_locked();
}

bool process_engine_state::leaving_locked() const noexcept
{
    // No task is queued, placed or held, the workers were told to leave, and
    // none is being started: only their exits are left, which no future
    // waits for and which the zygote, told to finish, can see to alone.
    if (finished_locked())
        return true; // also after the teardown, which freed control_
    return closed_ && pending_.empty() && free_slots_.size() == slot_count &&
           control_->drain.load(std::memory_order_relaxed) != 0 &&
           std::none_of(workers_.begin(), workers_.end(), [](const process_worker_entry& w) {
               return w.state == process_worker_entry::status::wanted ||
                      w.state == process_worker_entry::status::launching;
           });
}

void process_engine_state::close() noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    closed_ = true;
    if (ended_)
        return; // joined: nothing is left
    drain_if_done_locked();
    if (leaving_locked())
        finished_cv_.notify_all();
}

void process_engine_state::terminate()
{
    stop_queued(true);
}

void process_engine_state::cancel_pending()
{
    stop_queued(false);
}

void process_engine_state::take_unstarted_locked(std::vector<std::shared_ptr<process_task_base>>& out)
{
    for (std::shared_ptr<process_task_base>& t : pending_) {
        t->placement = process_task_base::finished;
        out.push_back(std::move(t));
    }
    pending_.clear();
    // A queued slot is taken back by the one CAS a worker's claim races.
    for (std::uint32_t s = 0; s < slot_count; ++s) {
        const auto tag = static_cast<std::uint32_t>(placed_at_[s]);
        std::uint64_t expected = slot_state_word(task_slot_phase::queued, 0, tag);
        if (owners_[s] && slots_[s].state.compare_exchange_strong(
                              expected, slot_state_word(task_slot_phase::cancelled, 0, tag), std::memory_order_acq_rel)) {
            out.push_back(owners_[s]);
            cancelled_slots_.push_back(s);
        }
    }
}

void process_engine_state::kill_workers_locked()
{
    for (process_worker_entry& w : workers_) {
        if (w.state == process_worker_entry::status::alive)
            w.worker->send_signal(SIGKILL);
        else if (w.state == process_worker_entry::status::wanted)
            w.state = process_worker_entry::status::absent;
    }
}

void process_engine_state::stop_queued(bool kill)
{
    std::vector<std::shared_ptr<process_task_base>> dropped;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        closed_ = true;
        if (ended_)
            return; // joined: nothing is left to stop
        terminating_ = terminating_ || kill;
        take_unstarted_locked(dropped);
        drain_if_done_locked();
        if (kill)
            kill_workers_locked();
        if (leaving_locked())
            finished_cv_.notify_all();
    }
    for (const auto& t : dropped)
        (void)t->future().drop();
    wake_completion();
}

bool process_engine_state::join_until(steady_time deadline)
{
    {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!closed_)
            throw std::logic_error("freethreading: join before close() or terminate()");
        // Without a deadline the wait ends once only the workers' exits are
        // left: the teardown sees to them together with the zygote's end
        // (zygote_launcher::finish) instead of after it. With one, the
        // workers' ends are waited for here, so that a join that times out
        // leaves the pool as it was.
        if (deadline == steady_time::max())
            finished_cv_.wait(lock, [this] { return leaving_locked(); });
        else if (!finished_cv_.wait_until(lock, deadline, [this] { return finished_locked(); }))
            return false;
    }
    teardown();
    return true;
}

} // namespace freethreading::detail
