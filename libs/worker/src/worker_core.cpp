//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What every worker has, whatever runs it: name, daemon flag, identity, the
// target, the start and its registration, and the default names.

#include <freethreading/worker/detail/registry.hpp>
#include <freethreading/worker/detail/worker_core.hpp>

#include <freethreading/core/ipc/fork_hooks.hpp>

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <utility>

namespace freethreading::detail {

namespace {

thread_local worker_core* current_thread_worker = nullptr;

// Per-process counters from 1 (DESIGN §4.1), so a forked child counts
// afresh; fork-fresh, so counting a new process worker takes no fault.
std::atomic<unsigned>& thread_counter = make_fork_fresh<std::atomic<unsigned>>(0u);
std::atomic<unsigned>& process_counter = make_fork_fresh<std::atomic<unsigned>>(0u);

} // namespace

std::string next_thread_name()
{
    return "Thread-" + std::to_string(thread_counter.fetch_add(1) + 1);
}

unsigned next_process_number() noexcept
{
    return process_counter.fetch_add(1) + 1;
}

worker_core::worker_core(std::string name, bool daemon, std::unique_ptr<worker_task> task,
                         std::function<void()> request_stop)
    : name_(std::move(name)), daemon_(daemon), task_(std::move(task)), request_stop_(std::move(request_stop))
{
}

worker_core::~worker_core() = default;

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

void worker_core::set_current_thread_worker(worker_core* w) noexcept
{
    current_thread_worker = w;
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
        launch();
    } catch (...) {
        abandon_start();
        throw;
    }
}

void worker_core::abandon_start() noexcept
{
    unregister_worker(this);
    {
        std::lock_guard<std::mutex> guard(mutex_);
        started_.store(false, std::memory_order_release);
    }
    ended_.notify_all(); // an ident() waiting for the start gives up
}

bool worker_core::join_until(steady_time deadline)
{
    if (!started())
        throw std::logic_error("freethreading::worker::join: worker '" + name() + "' has not been started");
    return join_started(deadline);
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

void worker_core::release_target() noexcept
{
    std::unique_ptr<worker_task> task;
    std::function<void()> stop;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        task = std::move(task_);
        stop = std::exchange(request_stop_, nullptr);
    }
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

void worker_core::publish_ident(ident_type id)
{
    {
        std::lock_guard<std::mutex> guard(mutex_);
        ident_.store(id, std::memory_order_release);
    }
    ended_.notify_all();
}

ident_type worker_core::started_ident() const
{
    ident_type id = ident_.load(std::memory_order_acquire);
    if (id != 0 || !started())
        return id;
    // start() returns without waiting for a new thread to run (that would
    // cost every start a wake-up), and another thread may be forking a
    // process now; the id is known within microseconds, and after start()
    // it must not be missing (DESIGN §4.1), so wait here.
    std::unique_lock<std::mutex> lock(mutex_);
    ended_.wait(lock, [this] { return ident_.load(std::memory_order_acquire) != 0 || !started(); });
    return ident_.load(std::memory_order_acquire);
}

std::optional<ident_type> worker_core::ident() const
{
    const ident_type id = started_ident();
    return id == 0 ? std::nullopt : std::optional<ident_type>(id);
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
