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
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <pthread.h>

namespace freethreading::detail {

/** The target and its arguments, bound; run once in the worker. */
struct worker_task
{
    virtual ~worker_task() = default;
    virtual void run() = 0;
};

enum class worker_kind : unsigned char { thread, process };

/** Everything about one worker that does not depend on its target's type:
    a thread or a forked process, its name, daemon flag, identity, exit code
    and the waits for its end. Handles share it; a running thread shares it
    too, and the registry of this process holds it until the worker ends.

    @par Thread Safety
    Every member may be called concurrently.
*/
class FREETHREADING_WORKER_DECL worker_core : public std::enable_shared_from_this<worker_core>
{
public:
    worker_core(worker_kind kind, std::string name, bool daemon, std::unique_ptr<worker_task> task,
                std::function<void()> request_stop);
    ~worker_core();
    worker_core(const worker_core&) = delete;
    worker_core& operator=(const worker_core&) = delete;

    /** @throws std::logic_error if already started; std::system_error if the
        thread or process cannot be made. */
    void start();
    /** Waits for the end until `deadline`; false on timeout.
        @throws std::logic_error before `start()`. */
    bool join_until(steady_time deadline);
    bool is_alive();
    bool started() const noexcept { return started_.load(std::memory_order_acquire); }
    worker_kind kind() const noexcept { return kind_; }

    std::string name() const;
    void set_name(std::string name);
    bool daemon() const;
    /** @throws std::logic_error after `start()`. */
    void set_daemon(bool daemon);
    std::optional<ident_type> ident() const;
    std::optional<int> exitcode();
    /** The pthread_t of a thread (as an integer) or the pid of a process. */
    std::uint64_t native_handle() const;
    void request_stop() const;
    /** Sends `sig` to a process worker that has not been reaped. */
    void send_signal(int sig);
    worker_info info();

    /** The worker the calling thread runs in, or null (the main thread, or a
        thread the library did not start). */
    static worker_core* current() noexcept;

private:
    ident_type started_ident() const;
    int run_task() noexcept;
    void finish(int code);
    // Thread workers.
    void start_thread();
    static void* thread_entry(void* self) noexcept;
    void thread_main();
    void join_thread() noexcept;
    // Process workers (process_worker.cpp).
    void start_process();
    static void process_entry(void* self) noexcept;
    bool join_process(steady_time deadline);
    bool process_alive();
    /** Reaps an ended process under `lock`, which it releases. */
    void reap(std::unique_lock<std::mutex> lock);
    void close_pidfd() noexcept; // under mutex_

    const worker_kind kind_;
    std::atomic<bool> started_{false};
    std::atomic<bool> finished_{false};
    mutable std::mutex mutex_;
    mutable std::condition_variable ended_; // the end, and a thread's id
    std::string name_;
    bool daemon_ = false;
    std::atomic<ident_type> ident_{0};
    std::optional<int> exitcode_;
    std::unique_ptr<worker_task> task_;
    std::function<void()> request_stop_;
    pthread_t thread_{};
    bool has_thread_ = false;                  // thread_ was made (joined_ says whether it was joined)
    std::shared_ptr<worker_core> thread_self_; // for the new thread to take over
    std::uint64_t native_ = 0;
    bool joined_ = false;
    int pidfd_ = -1;
    int pollers_ = 0; // joins polling pidfd_ now (it is closed after the last)
    int sent_signal_ = 0; // the last signal send_signal() delivered (reap)
    struct process_slot;
    process_slot* slot_ = nullptr; // in the segment: the child's release and exit code
};

/** The next default name: "Thread-N" or "Process-N" (DESIGN §4.1). */
FREETHREADING_WORKER_DECL std::string next_worker_name(worker_kind kind);

} // namespace freethreading::detail

#endif // FREETHREADING_WORKER_DETAIL_WORKER_CORE_HPP
