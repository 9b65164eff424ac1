//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The thread engine's workers: their start (the worker module's thread
// workers, named as DESIGN §4.1 says), the initializer and the broken pool,
// replacement after max_tasks_per_child tasks, and joins.

#include "thread_engine_slot.hpp"

#include <freethreading/worker/detail/thread_worker_core.hpp>

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>

#include <atomic>
#include <stdexcept>
#include <string>
#include <utility>

namespace freethreading::detail {

namespace {

// P of "ThreadPoolExecutor-P_K": executors of this process, from 0; a
// forked child counts afresh.
std::atomic<unsigned>& executor_counter = make_fork_fresh<std::atomic<unsigned>>(0u);

unsigned next_executor_number(pool_flavour flavour) noexcept
{
    return flavour == pool_flavour::executor ? executor_counter.fetch_add(1) : 0;
}

std::size_t worker_count(std::size_t requested) noexcept
{
    return requested == 0 ? usable_cpu_count() : requested;
}

const pool_options& checked(const pool_options& options)
{
    if (options.task_timeout.count() < 0)
        throw std::invalid_argument("freethreading: pool_options::task_timeout must not be negative (0: no "
                                    "timeout)");
    return options;
}

} // namespace

thread_engine_core::thread_engine_core(std::size_t workers, const pool_options& options, pool_flavour flavour,
                                       std::unique_ptr<engine_initializer> init)
    : options_(checked(options)), flavour_(flavour), executor_number_(next_executor_number(flavour)),
      init_(std::move(init))
{
    const std::size_t n = worker_count(workers);
    slots_.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        slots_.push_back(std::make_unique<worker_slot>());
    sleepers_.reserve(n);
    try {
        if (options_.task_timeout.count() != 0)
            timer_ = std::thread([this] { timer_main(); });
        for (const auto& s : slots_)
            start_worker(*s, nullptr);
    } catch (...) {
        shut_down_after_failed_start();
        throw;
    }
    if (!init_)
        return;
    std::string broken;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        initialized_cv_.wait(lock, [&] { return initialized_ >= n || !broken_.empty(); });
        broken = broken_;
    }
    if (!broken.empty()) {
        shut_down_after_failed_start();
        throw broken_pool_error(broken);
    }
}

thread_engine_core::~thread_engine_core()
{
    close();
    try {
        (void)join_until(steady_time::max());
    } catch (...) {
    }
}

void thread_engine_core::shut_down_after_failed_start() noexcept
{
    close();
    try {
        (void)join_until(steady_time::max());
    } catch (...) {
    }
}

void thread_engine_core::start_worker(worker_slot& s, std::shared_ptr<worker_core> predecessor)
{
    std::string name; // empty: the worker module's next "Thread-N"
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (flavour_ == pool_flavour::executor)
            name = "ThreadPoolExecutor-" + std::to_string(executor_number_) + "_" +
                   std::to_string(next_worker_index_++);
    }
    // Pool threads are daemons, executor threads are not, as in Python.
    auto thread = std::make_shared<thread_worker_core>(std::move(name), flavour_ == pool_flavour::pool,
                                                       std::make_unique<worker_body>(*this, s, predecessor),
                                                       std::function<void()>{});
    std::string old_name;
    {
        std::lock_guard<std::mutex> guard(timer_mutex_);
        old_name = std::exchange(s.name, thread->name());
    }
    std::shared_ptr<worker_core> old_thread;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        old_thread = std::exchange(s.thread, thread);
    }
    try {
        thread->start();
    } catch (...) {
        {
            std::lock_guard<std::mutex> guard(mutex_);
            s.thread = std::move(old_thread);
        }
        std::lock_guard<std::mutex> guard(timer_mutex_);
        s.name = std::move(old_name);
        throw;
    }
}

bool thread_engine_core::run_initializer(worker_slot&) noexcept
{
    std::string failure;
    if (init_) {
        try {
            init_->run();
        } catch (const std::exception& e) {
            failure = e.what();
            if (failure.empty())
                failure = "(an exception with an empty message)";
        } catch (...) {
            failure = "an exception not derived from std::exception";
        }
    }
    if (!failure.empty())
        break_pool("freethreading: a worker's initializer threw: " + failure);
    bool working;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        ++initialized_;
        working = broken_.empty();
    }
    initialized_cv_.notify_all();
    return working;
}

void thread_engine_core::break_pool(std::string message) noexcept
{
    std::vector<std::shared_ptr<future_state_base>> failed;
    std::string reason;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (broken_.empty())
            broken_ = std::move(message);
        reason = broken_;
        for (thread_task_node* node = std::exchange(head_, nullptr); node != nullptr;) {
            failed.push_back(std::move(node->queue_ref_));
            node = std::exchange(node->next_, nullptr);
        }
        tail_ = nullptr;
        wake_all_locked();
    }
    initialized_cv_.notify_all();
    for (auto& state : failed)
        (void)state->set_exception(std::make_exception_ptr(broken_pool_error(reason)));
}

bool thread_engine_core::replace_worker(worker_slot& s) noexcept
{
    std::shared_ptr<worker_core> self;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        s.current = nullptr;
        // Nothing left to do for a replacement: this thread just ends.
        if (terminated_ || !broken_.empty() || (closed_ && head_ == nullptr))
            return true;
        self = s.thread;
    }
    try {
        start_worker(s, std::move(self)); // the new thread joins this one first
        return true;
    } catch (...) {
        return false;
    }
}

bool thread_engine_core::join_until(steady_time deadline)
{
    std::vector<std::shared_ptr<worker_core>> joined;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (!closed_)
            throw std::logic_error("freethreading: join() before close() or terminate()");
    }
    // A worker that is replaced publishes its successor before it ends, so
    // once every thread seen has been joined and the slots still hold them,
    // no worker is left.
    for (;;) {
        std::vector<std::shared_ptr<worker_core>> threads;
        {
            std::lock_guard<std::mutex> guard(mutex_);
            for (const auto& s : slots_)
                threads.push_back(s->thread);
        }
        if (threads == joined)
            break;
        for (const auto& t : threads)
            if (t && t->started() && !t->join_until(deadline))
                return false;
        joined = std::move(threads);
    }
    stop_timer();
    // Left only if every worker ended early (a failed start): nothing runs
    // them now.
    std::vector<std::shared_ptr<future_state_base>> left;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        for (thread_task_node* node = std::exchange(head_, nullptr); node != nullptr;) {
            left.push_back(std::move(node->queue_ref_));
            node = std::exchange(node->next_, nullptr);
        }
        tail_ = nullptr;
    }
    for (auto& state : left)
        (void)state->drop();
    return true;
}

} // namespace freethreading::detail
