//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_THREAD_ENGINE_CORE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_THREAD_ENGINE_CORE_HPP

#include <freethreading/executor/detail/config.hpp>
#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <freethreading/core/detail/deadline.hpp>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace freethreading::detail {

class thread_engine_core;
class worker_core;

/** A task as the thread engine's queue and workers see it; the typed task
    (`thread_task`) derives from it and from its `future_state<R>`, so the
    task, its state, its callable and its arguments are one allocation. */
class FREETHREADING_EXECUTOR_DECL thread_task_node
{
public:
    thread_task_node(const thread_task_node&) = delete;
    thread_task_node& operator=(const thread_task_node&) = delete;

    /** Claims the task and runs it, storing its value or exception; false
        when the claim was lost (the task was cancelled) and it did not run. */
    virtual bool run() noexcept = 0;

    /** Requests stop of the task's own stop token (it has one when its
        callable takes one); nothing otherwise. */
    virtual void stop() noexcept = 0;

protected:
    /** `state` is the task's own state (the same object). */
    explicit thread_task_node(future_state_base& state) noexcept : state_(state) {}
    ~thread_task_node() = default;

private:
    friend class thread_engine_core;

    future_state_base& state_;
    thread_task_node* next_ = nullptr;                // the queue's link
    std::shared_ptr<future_state_base> queue_ref_{}; // the queue's reference, moved to the worker
};

/** What a pool runs in each worker before its first task: the initializer
    bound to its arguments (called again for every replacement worker). */
struct engine_initializer
{
    virtual ~engine_initializer() = default;
    virtual void run() = 0;
};

/** The part of `thread_engine<Domain>` that does not depend on the domain
    or the tasks' types: the queue, the worker threads, their replacement
    after `max_tasks_per_child` tasks, the initializer, the timer of
    `task_timeout`, closing, terminating and joining.

    The queue is an intrusive list under one mutex; a worker with nothing to
    do sleeps on its own condition variable, and a new task wakes exactly one
    sleeping worker (none when every worker is busy, so a busy pool makes no
    system call per task). Workers are the worker module's thread workers,
    so they have names, appear in `active_children()` and answer
    `current_worker()`.

    A worker that waits on a task of its own engine runs queued tasks until
    the task is done or the queue is empty (`help`), so a task that submits
    and waits cannot deadlock the pool. Limits: a timed wait may return late
    by the tasks it ran; a waiting worker that found the queue empty sleeps
    on its task, so tasks queued after that are left to the other workers;
    and a task must not wait on a task below it on the same worker's stack.

    @par Thread Safety
    Every member may be called concurrently, but the engine must not be
    destroyed by one of its own workers.
*/
class FREETHREADING_EXECUTOR_DECL thread_engine_core
{
public:
    /** Starts the workers (and the timer thread when `options.task_timeout`
        is nonzero); waits for their first round of initializers if there is
        an initializer.
        @throws broken_pool_error if an initializer threw (every worker has
        been joined then); std::system_error if a thread cannot be made;
        std::invalid_argument for a negative `task_timeout`. */
    thread_engine_core(std::size_t workers, const pool_options& options, pool_flavour flavour,
                       std::unique_ptr<engine_initializer> init);

    /** Closes and joins, unless already joined: the queued tasks run first. */
    ~thread_engine_core();

    thread_engine_core(const thread_engine_core&) = delete;
    thread_engine_core& operator=(const thread_engine_core&) = delete;

    /** Queues a task whose state is `state` and whose node is `node` (the
        same object). When the pool is broken the task fails at once with
        `broken_pool_error`.
        @throws std::logic_error after close() or terminate(). */
    void enqueue(std::shared_ptr<future_state_base> state, thread_task_node& node);

    /** Queues a handler of the pool's Asio executor (DESIGN §7): as
        `enqueue`, but also accepted after close() from a thread of this
        engine, whose worker then finds it before it exits. False, and
        nothing is queued, when no worker would run it (after close() from
        another thread, after terminate(), or in a broken pool). */
    bool post(std::shared_ptr<future_state_base> state, thread_task_node& node);

    /** The calling thread is a worker of this engine. */
    bool in_worker() const noexcept;

    /** No more tasks; the queued ones still run. */
    void close() noexcept;
    /** Closes, drops the queued tasks (cancelled) and requests stop of the
        running ones; the workers end after their current task. */
    void terminate();
    /** After close() or terminate(): waits until every worker (replacements
        included) has exited; false at `deadline`.
        @throws std::logic_error before close(). */
    bool join_until(steady_time deadline);

    std::size_t size() const noexcept { return slots_.size(); }

    /** A waiter on a task of `owner`: when the calling thread is a worker of
        `owner` and a task is queued, runs one and returns true. */
    static bool help(const thread_engine_core* owner);

private:
    struct worker_slot;
    class worker_body;

    // thread_engine_core.cpp: the queue and the worker loop.
    void worker_main(worker_slot& s, std::shared_ptr<worker_core> predecessor) noexcept;
    thread_task_node* pop_locked(worker_slot& s, std::unique_lock<std::mutex>& lock);
    void wake_all_locked() noexcept;
    worker_slot* link_locked(std::shared_ptr<future_state_base> state, thread_task_node& node) noexcept;
    void run_node(worker_slot& s, thread_task_node& node, std::shared_ptr<future_state_base>& ref) noexcept;
    bool run_one_nested(worker_slot& s);

    // thread_engine_workers.cpp: threads, initializers, replacement, joins.
    void start_worker(worker_slot& s, std::shared_ptr<worker_core> predecessor);
    bool run_initializer(worker_slot& s) noexcept;
    void break_pool(std::string message) noexcept;
    bool replace_worker(worker_slot& s) noexcept;
    void shut_down_after_failed_start() noexcept;

    // thread_engine_timer.cpp: the task_timeout timer.
    void timer_main() noexcept;
    void stop_timer() noexcept;

    const pool_options options_;
    const pool_flavour flavour_;
    const unsigned executor_number_; // P of "ThreadPoolExecutor-P_K"
    const std::unique_ptr<engine_initializer> init_;

    mutable std::mutex mutex_;
    thread_task_node* head_ = nullptr;
    thread_task_node* tail_ = nullptr;
    std::vector<worker_slot*> sleepers_; // workers asleep on their own condition variable
    std::vector<std::unique_ptr<worker_slot>> slots_;
    unsigned next_worker_index_ = 0; // K of "ThreadPoolExecutor-P_K"
    bool closed_ = false;
    bool terminated_ = false;
    std::string broken_; // the initializer's failure; empty while the pool works
    std::size_t initialized_ = 0;
    std::condition_variable initialized_cv_;

    std::mutex join_mutex_; // one joiner of the timer at a time

    // The timer of task_timeout (one thread, only when it is nonzero).
    std::mutex timer_mutex_;
    std::condition_variable timer_cv_;
    steady_time timer_wakes_at_ = steady_time::max(); // under timer_mutex_
    bool timer_stop_ = false;                        // under timer_mutex_
    std::thread timer_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_THREAD_ENGINE_CORE_HPP
