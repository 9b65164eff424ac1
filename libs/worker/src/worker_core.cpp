//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/worker/detail/registry.hpp>
#include <freethreading/worker/detail/worker_core.hpp>

#include <freethreading/core/ipc/fork_hooks.hpp>

#include <cstdio>
#include <exception>
#include <pthread.h>
#include <sched.h>
#include <stdexcept>
#include <system_error>
#include <typeinfo>
#include <unistd.h>
#include <utility>

namespace freethreading::detail {

namespace {

thread_local worker_core* current_thread_worker = nullptr;

} // namespace

worker_core::worker_core(worker_kind kind, std::string name, bool daemon, std::unique_ptr<worker_task> task,
                         std::function<void()> request_stop)
    : kind_(kind), name_(std::move(name)), daemon_(daemon), task_(std::move(task)),
      request_stop_(std::move(request_stop))
{
}

worker_core* worker_core::current() noexcept
{
    if (current_thread_worker != nullptr)
        return current_thread_worker;
    // The main thread of a forked worker process is that worker. Asked
    // first whether this process is one, so other threads make no system
    // call (the last handle's release asks on every worker's end).
    worker_core* const self = process_identity();
    return self != nullptr && this_thread_id() == this_process_id() ? self : nullptr;
}

void worker_core::start()
{
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (started_.load(std::memory_order_relaxed))
            throw std::logic_error("freethreading::worker::start: worker '" + name_ +
                                   "' was already started (a worker can be started only once)");
        started_.store(true, std::memory_order_release);
    }
    // Registered first: for a process, what start() writes before the fork
    // costs no copy-on-write fault, and a fork in progress counts as alive.
    register_worker(shared_from_this());
    try {
        if (kind_ == worker_kind::thread) {
            start_thread();
        } else {
            start_process();
        }
    } catch (...) {
        unregister_worker(this);
        {
            std::lock_guard<std::mutex> guard(mutex_);
            started_.store(false, std::memory_order_release);
        }
        ended_.notify_all(); // an ident() waiting for the thread gives up
        throw;
    }
}

void worker_core::start_thread()
{
    // A pthread rather than a std::thread: join_thread() first tries to
    // join without sleeping, which a std::thread cannot be told about. The
    // thread holds the core while it runs: it takes over `thread_self_`.
    thread_self_ = shared_from_this();
    pthread_t thread;
    const int rc = ::pthread_create(&thread, nullptr, &worker_core::thread_entry, this);
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

void* worker_core::thread_entry(void* p) noexcept
{
    auto* self = static_cast<worker_core*>(p);
    const std::shared_ptr<worker_core> keep = std::move(self->thread_self_);
    self->thread_main();
    return nullptr;
}

// A worker that is ending, or soon will, is joined without sleeping if it
// can be: while the joiner sleeps its CPU goes idle, and the thread's exit
// must then wake it there (a cross-CPU wake-up costs several microseconds on
// a VM). Yielding, not spinning, so a worker waiting on the joiner's CPU
// runs meanwhile; bounded, so a long worker costs its joiner ~20 µs of CPU.
void worker_core::join_thread() noexcept
{
    constexpr auto try_for = std::chrono::microseconds(20);
    const auto until = std::chrono::steady_clock::now() + try_for;
    do {
        if (::pthread_tryjoin_np(thread_, nullptr) == 0)
            return;
        ::sched_yield();
    } while (std::chrono::steady_clock::now() < until);
    ::pthread_join(thread_, nullptr);
}

void worker_core::thread_main()
{
    current_thread_worker = this;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        ident_.store(this_thread_id(), std::memory_order_release);
        // The OS keeps 15 bytes of a thread name (top -H, ps, gdb).
        ::pthread_setname_np(::pthread_self(), name_.substr(0, 15).c_str());
    }
    ended_.notify_all(); // for ident() calls made between start() and now
    const int code = run_task();
    current_thread_worker = nullptr;
    finish(code);
}

int worker_core::run_task() noexcept
{
    int code = 0;
    try {
        task_->run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "Exception in worker %s: %s\n", name().c_str(), e.what());
        std::fflush(stderr);
        code = 1;
    } catch (...) {
        std::fprintf(stderr, "Exception in worker %s: an exception not derived from std::exception\n",
                     name().c_str());
        std::fflush(stderr);
        code = 1;
    }
    try {
        task_.reset(); // the target's captures end in the worker
    } catch (...) {
    }
    return code;
}

void worker_core::finish(int code)
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

bool worker_core::join_until(steady_time deadline)
{
    if (!started())
        throw std::logic_error("freethreading::worker::join: worker '" + name() + "' has not been started");
    if (kind_ == worker_kind::process)
        return join_process(deadline);
    if (current_thread_worker == this)
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

bool worker_core::is_alive()
{
    if (!started())
        return false;
    if (kind_ == worker_kind::process)
        return process_alive();
    return !finished_.load(std::memory_order_acquire);
}

std::string worker_core::name() const
{
    std::lock_guard<std::mutex> guard(mutex_);
    return name_;
}

void worker_core::set_name(std::string name)
{
    std::lock_guard<std::mutex> guard(mutex_);
    name_ = std::move(name);
}

bool worker_core::daemon() const
{
    std::lock_guard<std::mutex> guard(mutex_);
    return daemon_;
}

void worker_core::set_daemon(bool daemon)
{
    std::lock_guard<std::mutex> guard(mutex_);
    if (started_.load(std::memory_order_relaxed))
        throw std::logic_error("freethreading::worker::set_daemon: worker '" + name_ +
                               "' has already been started");
    daemon_ = daemon;
}

ident_type worker_core::started_ident() const
{
    ident_type id = ident_.load(std::memory_order_acquire);
    if (id != 0 || !started())
        return id;
    // start() returns without waiting for a new thread to run (that would
    // cost every start a wake-up); its id is known within microseconds, and
    // after start() the id must not be missing (DESIGN §4.1), so wait here.
    std::unique_lock<std::mutex> lock(mutex_);
    ended_.wait(lock, [this] { return ident_.load(std::memory_order_acquire) != 0 || !started(); });
    return ident_.load(std::memory_order_acquire);
}

std::optional<ident_type> worker_core::ident() const
{
    const ident_type id = started_ident();
    return id == 0 ? std::nullopt : std::optional<ident_type>(id);
}

std::optional<int> worker_core::exitcode()
{
    if (kind_ == worker_kind::process && started())
        (void)process_alive(); // reaps a process that has ended
    std::lock_guard<std::mutex> guard(mutex_);
    return exitcode_;
}

std::uint64_t worker_core::native_handle() const
{
    return native_;
}

void worker_core::request_stop() const
{
    std::function<void()> stop; // empty once the worker has ended
    {
        std::lock_guard<std::mutex> guard(mutex_);
        stop = request_stop_;
    }
    if (stop)
        stop();
}

worker_info worker_core::info()
{
    const bool alive = is_alive();
    const ident_type id = started_ident();
    std::lock_guard<std::mutex> guard(mutex_);
    return worker_info{name_, id, daemon_, alive};
}

} // namespace freethreading::detail
