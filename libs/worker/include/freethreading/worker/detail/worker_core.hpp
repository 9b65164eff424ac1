//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_DETAIL_WORKER_CORE_HPP
#define FREETHREADING_WORKER_DETAIL_WORKER_CORE_HPP

#include <freethreading/worker/detail/config.hpp>
#include <freethreading/worker/worker_info.hpp>

#include <freethreading/core/detail/deadline.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace freethreading::detail {

/** The target and its arguments, bound; run once in the worker. */
struct worker_task
{
    virtual ~worker_task() = default;
    virtual void run() = 0;
};

/** Everything about one worker that does not depend on its target's type
    nor on what runs it: its name, daemon flag, identity, the target, the
    start and the registry. A thread (`thread_worker_core`) or a forked
    process (`process_worker_core`) runs it. Handles share it; a running
    thread shares it too, and the registry of this process holds it until
    the worker ends.

    @par Thread Safety
    Every member may be called concurrently.
*/
class FREETHREADING_WORKER_DECL worker_core : public std::enable_shared_from_this<worker_core>
{
public:
    virtual ~worker_core();
    worker_core(const worker_core&) = delete;
    worker_core& operator=(const worker_core&) = delete;

    /** @throws std::logic_error if already started; std::system_error if the
        thread or process cannot be made. */
    void start();
    /** Waits for the end until `deadline`; false on timeout.
        @throws std::logic_error before `start()`. */
    bool join_until(steady_time deadline);
    /** True from `start()` (a process being forked counts) to the end. */
    virtual bool is_alive() = 0;
    bool started() const noexcept { return started_.load(std::memory_order_acquire); }

    std::string name() const;
    void set_name(std::string name);
    bool daemon() const;
    /** @throws std::logic_error after `start()`. */
    void set_daemon(bool daemon);
    std::optional<ident_type> ident() const;
    /** Empty until the end (DESIGN §4.1). */
    virtual std::optional<int> exitcode() const = 0;
    /** The pthread_t of a thread (as an integer) or the pid of a process. */
    virtual std::uint64_t native_handle() const = 0;
    void request_stop() const;
    /** Sends `sig` to a process worker that has not been seen to end.
        @throws std::logic_error for a thread, or before `start()`. */
    virtual void send_signal(int sig) = 0;
    worker_info info();
    /** What the program's exit does with this worker if it is still running
        (DESIGN §4.3): a process is joined, or terminated if a daemon; a
        thread is left running. */
    virtual void end_at_exit() noexcept = 0;

    /** The worker the calling thread runs in, or null (the main thread, or a
        thread the library did not start). */
    static worker_core* current() noexcept;

protected:
    worker_core(std::string name, bool daemon, std::unique_ptr<worker_task> task,
                std::function<void()> request_stop);

    /** Makes the thread or process that runs the target. */
    virtual void launch() = 0;
    /** join_until once started. */
    virtual bool join_started(steady_time deadline) = 0;

    /** The id, waiting for it during a start made by another thread; 0 if
        the worker was not started or its start failed. */
    ident_type started_ident() const;
    /** Publishes the id and wakes the `ident()` calls waiting for it. */
    void publish_ident(ident_type id);
    /** Undoes a start whose launch failed, or never came (a pool's worker
        that was to be forked with others): unregistered, not started, and
        the `ident()` calls waiting for it give up. */
    void abandon_start() noexcept;
    /** Runs the target: the exit code (1 if it threw, after printing the
        exception as DESIGN §4.1 says), and the target's captures end here. */
    int run_task() noexcept;
    /** Lets go of the target and the stop source (the worker has ended):
        destroyed unlocked, as they may run user code. */
    void release_target() noexcept;
    /** Makes `current()` give `w` in the calling thread. */
    static void set_current_thread_worker(worker_core* w) noexcept;

    mutable std::mutex mutex_;
    mutable std::condition_variable ended_; // the end, and the id
    std::string name_;
    bool daemon_ = false;
    std::atomic<ident_type> ident_{0};
    std::unique_ptr<worker_task> task_;
    std::function<void()> request_stop_;

private:
    std::atomic<bool> started_{false};
};

/** The next "Thread-N" default name: one per-process counter from 1
    (DESIGN §4.1). */
FREETHREADING_WORKER_DECL std::string next_thread_name();

/** The next number of the per-process counter from 1 that "Process-N",
    "ForkProcess-N" and "ForkPoolWorker-N" names share (DESIGN §4.1). */
FREETHREADING_WORKER_DECL unsigned next_process_number() noexcept;

} // namespace freethreading::detail

#endif // FREETHREADING_WORKER_DETAIL_WORKER_CORE_HPP
