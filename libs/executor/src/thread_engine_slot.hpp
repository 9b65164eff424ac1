//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_SRC_THREAD_ENGINE_SLOT_HPP
#define FREETHREADING_EXECUTOR_SRC_THREAD_ENGINE_SLOT_HPP

// The private parts of thread_engine_core that its three sources share.

#include <freethreading/executor/detail/thread_engine_core.hpp>

#include <freethreading/worker/detail/worker_core.hpp>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <string>

namespace freethreading::detail {

/** The task a worker runs, as the timer of task_timeout sees it. */
struct timed_task
{
    std::shared_ptr<future_state_base> state{};
    thread_task_node* node = nullptr;
    steady_time deadline{};
    bool fired = false; // the timer has dealt with it
};

/** One worker position of the engine. Its thread changes when a worker is
    replaced after max_tasks_per_child tasks; the slot stays. */
struct thread_engine_core::worker_slot
{
    // Under the engine's mutex_.
    std::shared_ptr<worker_core> thread{}; // the thread that fills the slot now
    bool asleep = false;                   // in sleepers_, waiting on `wake`
    thread_task_node* current = nullptr;   // the task it runs (its worker holds a reference)

    std::condition_variable wake;

    // Only the slot's own thread.
    std::size_t tasks_run = 0;

    // Under timer_mutex_.
    std::string name{}; // of the thread that fills the slot now
    timed_task timed{};
};

/** The worker module's target for a pool thread. */
class thread_engine_core::worker_body final : public worker_task
{
public:
    worker_body(thread_engine_core& core, worker_slot& slot, std::shared_ptr<worker_core> predecessor) noexcept
        : core_(core), slot_(slot), predecessor_(std::move(predecessor))
    {
    }

    void run() override { core_.worker_main(slot_, std::move(predecessor_)); }

private:
    thread_engine_core& core_;
    worker_slot& slot_;
    std::shared_ptr<worker_core> predecessor_; // the replaced thread, joined first
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_SRC_THREAD_ENGINE_SLOT_HPP
