//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Thread workers: a pthread per worker.

#include <freethreading/worker/detail/thread_worker_core.hpp>

#include <freethreading/core/ipc/fork_hooks.hpp>

#include <stdexcept>
#include <system_error>
#include <utility>

namespace freethreading::detail {

thread_worker_core::thread_worker_core(std::string name, bool daemon, std::unique_ptr<worker_task> task,
                                       std::function<void()> request_stop)
    : worker_core(name.empty() ? next_thread_name() : std::move(name), daemon, std::move(task),
                  std::move(request_stop))
{
}

thread_worker_core::~thread_worker_core()
{
    if (has_thread_ && !joined_) {
        if (::pthread_equal(thread_, ::pthread_self()) != 0 || !finished_.load(std::memory_order_acquire))
            ::pthread_detach(thread_); // a daemon, or the thread dropping the last reference itself
        else
            join_thread();
    }
}

void thread_worker_core::launch()
{
    // A pthread, which the core joins or detaches itself (the destructor, a
    // daemon). The thread holds the core while it runs: it takes over
    // `thread_self_`.
    thread_self_ = shared_from_this();
    pthread_t thread;
    const int rc = ::pthread_create(&thread, nullptr, &thread_worker_core::thread_entry, this);
    if (rc != 0) {
        thread_self_.reset();
        throw std::system_error(rc, std::generic_category(),
                                "freethreading::worker::start: pthread_create for worker '" + name() + "'");
    }
    std::lock_guard<std::mutex> guard(mutex_); // a join() in another thread reads them
    thread_ = thread;
    has_thread_ = true;
    native_ = static_cast<std::uint64_t>(thread);
}

void* thread_worker_core::thread_entry(void* p) noexcept
{
    auto* self = static_cast<thread_worker_core*>(p);
    const std::shared_ptr<worker_core> keep = std::move(self->thread_self_);
    self->thread_main();
    return nullptr;
}

// Sleeps at once. Trying pthread_tryjoin_np with sched_yield for 20 µs
// first no longer paid (doc/design-notes.md, "Joining a thread worker
// without sleeping first (removed)").
void thread_worker_core::join_thread() noexcept
{
    ::pthread_join(thread_, nullptr);
}

void thread_worker_core::thread_main()
{
    set_current_thread_worker(this);
    {
        std::lock_guard<std::mutex> guard(mutex_);
        ident_.store(this_thread_id(), std::memory_order_release);
        // The OS keeps 15 bytes of a thread name (top -H, ps, gdb).
        ::pthread_setname_np(::pthread_self(), name_.substr(0, 15).c_str());
    }
    ended_.notify_all(); // for ident() calls made between start() and now
    const int code = run_task();
    set_current_thread_worker(nullptr);
    finish(code);
}

void thread_worker_core::finish(int code)
{
    std::function<void()> stop; // its shared state, if any, is released unlocked
    {
        std::lock_guard<std::mutex> guard(mutex_);
        exitcode_ = code;
        stop = std::exchange(request_stop_, nullptr);
        finished_.store(true, std::memory_order_release);
    }
    ended_.notify_all();
}

bool thread_worker_core::join_started(steady_time deadline)
{
    if (current() == this)
        throw std::logic_error("freethreading::worker::join: a worker cannot join itself");
    std::unique_lock<std::mutex> lock(mutex_);
    // The first untimed joiner joins the thread at once, as finish() comes
    // before the thread's end: one wake-up (the exit), not two.
    const bool join_now = deadline == steady_time::max() && !joined_ && has_thread_;
    const auto ended = [this] { return finished_.load(std::memory_order_acquire); };
    if (!join_now && deadline == steady_time::max())
        ended_.wait(lock, ended);
    else if (!join_now && !ended_.wait_until(lock, deadline, ended))
        return false;
    if (!joined_ && has_thread_) {
        joined_ = true;
        lock.unlock();
        join_thread();
    }
    return true;
}

bool thread_worker_core::is_alive()
{
    return started() && !finished_.load(std::memory_order_acquire);
}

std::optional<int> thread_worker_core::exitcode() const
{
    std::lock_guard<std::mutex> guard(mutex_);
    return exitcode_;
}

std::uint64_t thread_worker_core::native_handle() const
{
    return native_;
}

void thread_worker_core::send_signal(int)
{
    throw std::logic_error("freethreading::worker: terminate() and kill() apply to process workers; '" + name() +
                           "' is a thread");
}

} // namespace freethreading::detail
