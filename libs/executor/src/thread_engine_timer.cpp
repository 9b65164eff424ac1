//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The thread engine's task_timeout: one timer thread per engine (made only
// when the timeout is nonzero) watches the deadline of the task each worker
// runs. At a deadline the task's future fails with timeout_error, then its
// stop token is requested; a thread cannot be killed, so the task's late
// result is discarded (its set_value loses to the timeout).

#include "thread_engine_slot.hpp"

#include <freethreading/core/errors.hpp>

#include <pthread.h>
#include <string>
#include <utility>
#include <vector>

namespace freethreading::detail {

namespace {

// The timeout as a person would write it: whole seconds, milliseconds,
// microseconds or nanoseconds.
std::string describe(std::chrono::nanoseconds d)
{
    using namespace std::chrono;
    const auto n = d.count();
    if (n % 1'000'000'000 == 0)
        return std::to_string(n / 1'000'000'000) + "s";
    if (n % 1'000'000 == 0)
        return std::to_string(n / 1'000'000) + "ms";
    if (n % 1'000 == 0)
        return std::to_string(n / 1'000) + "us";
    return std::to_string(n) + "ns";
}

struct expired_task
{
    std::shared_ptr<future_state_base> state;
    thread_task_node* node;
    std::string worker;
};

} // namespace

void thread_engine_core::timer_main() noexcept
{
    // The library's own threads are "ft-…" (top -H, ps, gdb).
    ::pthread_setname_np(::pthread_self(), "ft-task-timer");
    std::vector<expired_task> expired;
    std::unique_lock<std::mutex> lock(timer_mutex_);
    while (!timer_stop_) {
        const steady_time now = std::chrono::steady_clock::now();
        steady_time next = steady_time::max();
        for (const auto& s : slots_) {
            timed_task& t = s->timed;
            if (!t.state || t.fired)
                continue;
            if (t.deadline <= now) {
                t.fired = true;
                try {
                    expired.push_back(expired_task{t.state, t.node, s->name});
                } catch (...) {
                    t.fired = false; // out of memory: try again at the next round
                }
            } else if (t.deadline < next) {
                next = t.deadline;
            }
        }
        if (!expired.empty()) {
            lock.unlock();
            for (expired_task& e : expired) {
                try {
                    const timeout_error error("freethreading: the task running in worker " + e.worker +
                                              " exceeded its task_timeout of " + describe(options_.task_timeout) +
                                              "; its stop token was requested and its late result is discarded");
                    if (e.state->set_exception(std::make_exception_ptr(error)))
                        e.node->stop();
                } catch (...) {
                    (void)e.state->set_exception(std::current_exception()); // out of memory
                }
            }
            expired.clear(); // releases the states unlocked
            lock.lock();
            continue;
        }
        timer_wakes_at_ = next;
        if (next == steady_time::max())
            timer_cv_.wait(lock);
        else
            (void)timer_cv_.wait_until(lock, next);
        timer_wakes_at_ = steady_time::max();
    }
}

void thread_engine_core::stop_timer() noexcept
{
    std::lock_guard<std::mutex> join_guard(join_mutex_);
    if (!timer_.joinable())
        return;
    {
        std::lock_guard<std::mutex> guard(timer_mutex_);
        timer_stop_ = true;
    }
    timer_cv_.notify_one();
    timer_.join();
}

} // namespace freethreading::detail
