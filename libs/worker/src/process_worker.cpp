//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Process workers: forked by the library's spawner thread (core/ipc), watched
// through a pidfd, and telling their exit code through a slot in the shared
// segment, so exitcode() is right even if user code reaps children itself or
// ignores SIGCHLD (DESIGN §6).

#include <freethreading/worker/detail/registry.hpp>
#include <freethreading/worker/detail/worker_core.hpp>

#include <freethreading/core/ipc/fork_hooks.hpp>
#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/handle_table.hpp>
#include <freethreading/core/ipc/process_spawner.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <poll.h>
#include <pthread.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

namespace freethreading::detail {

namespace {

constexpr int slot_unset = INT_MIN;

// The states of process_slot::released.
constexpr std::uint32_t slot_held = 0;     // the parent has not published the child yet
constexpr std::uint32_t slot_released = 1; // it has: the child may run
constexpr std::uint32_t slot_waiting = 2;  // held, and the child sleeps until released

} // namespace

// What a process worker and its parent share, in the segment.
struct worker_core::process_slot
{
    // Set when start() has published the child (its pid, its registration):
    // the child waits for it before it runs anything of its own. On this
    // project's 2-vCPU VMs the child, the spawner and the caller otherwise
    // compete for one CPU while the other idles, and waking that one costs
    // 100-200 µs (one A/B of worker.start_join_multiprocessing, 3 runs each:
    // 1.28-1.48 without, 1.21-1.27 with; doc/design-notes.md).
    // The parent wakes the child only if it marked itself waiting: usually
    // the child runs after the parent has released it (a futex wake that
    // finds no sleeper is still a system call).
    std::atomic<std::uint32_t> released{slot_held};
    std::atomic<int> exit_code{slot_unset}; // what the child says
};

namespace {

// In the child: the slot its exit code goes to, for the exit paths that do
// not return through the library (std::exit in user code, fatal signals).
std::atomic<int>* child_slot = nullptr;

void record(std::atomic<int>* slot, int code) noexcept
{
    int expected = slot_unset;
    slot->compare_exchange_strong(expected, code, std::memory_order_release);
}

void record_exit(int status, void* slot) noexcept
{
    record(static_cast<std::atomic<int>*>(slot), status);
}

void record_fatal_signal(int sig) noexcept
{
    if (child_slot != nullptr)
        record(child_slot, -sig);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

} // namespace

void worker_core::start_process()
{
    shared_segment& segment = shared_segment::instance();
    slot_ = segment.construct<process_slot>();
    spawned_process p;
    try {
        p = spawn_process(&worker_core::process_entry, this);
    } catch (...) {
        segment.destroy(slot_);
        slot_ = nullptr;
        throw;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    pidfd_ = p.pidfd;
    native_ = static_cast<std::uint64_t>(p.pid);
    ident_.store(p.pid, std::memory_order_release);
    if (pidfd_ < 0)
        reap(std::move(lock)); // already ended and reaped: its slot tells the code
    else
        lock.unlock();
    ended_.notify_all(); // for an ident() called while start() ran
    if (slot_->released.exchange(slot_released, std::memory_order_acq_rel) == slot_waiting)
        (void)futex_wake(slot_->released, 1, true);
}

void worker_core::process_entry(void* p) noexcept
{
    auto* self = static_cast<worker_core*>(p);
    std::atomic<std::uint32_t>& release = self->slot_->released;
    for (std::uint32_t state = release.load(std::memory_order_acquire); state != slot_released;
         state = release.load(std::memory_order_acquire)) {
        if (state == slot_held &&
            !release.compare_exchange_strong(state, slot_waiting, std::memory_order_acquire))
            continue; // released meanwhile
        (void)futex_wait(release, slot_waiting, true);
    }
    set_process_identity(self);
    self->ident_.store(this_process_id(), std::memory_order_relaxed);
    {
        const std::string name = self->name_.substr(0, 15);
        ::prctl(PR_SET_NAME, name.c_str());
    }
    child_slot = &self->slot_->exit_code;
    for (const int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL})
        ::signal(sig, record_fatal_signal);
    ::on_exit(record_exit, &self->slot_->exit_code);
    const int code = self->run_task();
    flush_pending_output();
    std::fflush(nullptr); // and every FILE stream the target opened
    record(&self->slot_->exit_code, code);
    handle_table::release_all(); // this process's handles end with it
    ::_exit(code);
}

bool worker_core::join_process(steady_time deadline)
{
    if (started_ident() == 0) // waits for a start() forking in another thread
        throw std::logic_error("freethreading::worker::join: worker '" + name() + "' has not been started");
    for (;;) {
        if (finished_.load(std::memory_order_acquire))
            return true;
        int timeout = -1;
        if (deadline != steady_time::max()) {
            const auto left = deadline - std::chrono::steady_clock::now();
            timeout = left <= left.zero()
                          ? 0
                          : static_cast<int>(std::min<long long>(
                                std::chrono::ceil<std::chrono::milliseconds>(left).count(), INT_MAX));
        }
        std::unique_lock<std::mutex> lock(mutex_);
        if (finished_.load(std::memory_order_relaxed))
            return true;
        pollfd pfd{pidfd_, POLLIN, 0};
        ++pollers_; // keeps the pidfd open while this thread polls it
        lock.unlock();
        const int n = ::poll(&pfd, 1, timeout);
        const int poll_errno = errno;
        lock.lock();
        if (--pollers_ == 0 && finished_.load(std::memory_order_relaxed))
            close_pidfd(); // reaped by another thread meanwhile
        if (n < 0 && poll_errno == EINTR)
            continue; // the time left is recomputed
        if (n > 0) {
            reap(std::move(lock));
            continue;
        }
        lock.unlock();
        if (timeout == 0 || (n == 0 && deadline != steady_time::max() &&
                             std::chrono::steady_clock::now() >= deadline))
            return finished_.load(std::memory_order_acquire);
    }
}

bool worker_core::process_alive()
{
    if (finished_.load(std::memory_order_acquire))
        return false;
    std::unique_lock<std::mutex> lock(mutex_);
    if (pidfd_ < 0)
        return !finished_.load(std::memory_order_relaxed); // forking (start() publishes under this lock)
    pollfd pfd{pidfd_, POLLIN, 0};
    if (::poll(&pfd, 1, 0) > 0) {
        reap(std::move(lock));
        return false;
    }
    return true;
}

void worker_core::reap(std::unique_lock<std::mutex> lock)
{
    if (finished_.load(std::memory_order_relaxed))
        return;
    siginfo_t info{};
    const int rc =
        pidfd_ < 0 ? -1 : ::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd_), &info, WEXITED);
    // The exit code, best knowledge first:
    //  1. what the child wrote to its slot (a return, a throw, std::exit, a
    //     fatal signal it caught: SEGV, BUS, ABRT, FPE, ILL);
    //  2. the status waitid() gave us (an exit, or -signal);
    //  3. if someone else took the status (SIGCHLD ignored, or user code
    //     reaped it) and the child wrote nothing: -the last signal that
    //     terminate() or kill() delivered, as the child had no say;
    //  4. otherwise -SIGKILL, the one signal that ends a child unheard.
    int code = slot_->exit_code.load(std::memory_order_acquire);
    if (code == slot_unset) {
        if (rc == 0 && info.si_code == CLD_EXITED)
            code = info.si_status;
        else if (rc == 0)
            code = -info.si_status; // killed or dumped by this signal
        else if (sent_signal_ != 0)
            code = -sent_signal_;
        else
            code = -SIGKILL;
    }
    // A join() in another thread may be polling the pidfd unlocked: the last
    // one to stop polling closes it (a closed number can be reused at once).
    if (pollers_ == 0)
        close_pidfd();
    exitcode_ = code;
    finished_.store(true, std::memory_order_release);
    // The parent's copies of the target and of the stop source end with the
    // process, as a thread's end in the thread: the registry may hold this
    // core until the next start, and they hold shared objects (the handle
    // table would keep them). Destroyed unlocked: they may run user code.
    std::unique_ptr<worker_task> task = std::move(task_);
    std::function<void()> stop = std::exchange(request_stop_, nullptr);
    lock.unlock();
    ended_.notify_all();
}

void worker_core::close_pidfd() noexcept
{
    if (pidfd_ >= 0)
        ::close(pidfd_);
    pidfd_ = -1;
}

void worker_core::send_signal(int sig)
{
    std::lock_guard<std::mutex> guard(mutex_);
    if (kind_ != worker_kind::process)
        throw std::logic_error("freethreading::worker: terminate() and kill() apply to process workers; '" +
                               name_ + "' is a thread");
    if (!started_.load(std::memory_order_relaxed))
        throw std::logic_error("freethreading::worker: worker '" + name_ + "' has not been started");
    // Remembered only when delivered: a process that is already gone and
    // reaped (SIGCHLD ignored) answers ESRCH, and its end was not this signal.
    // A reaped process's pidfd may still be open for a polling join().
    if (finished_.load(std::memory_order_relaxed) || pidfd_ < 0)
        return;
    if (::syscall(SYS_pidfd_send_signal, pidfd_, sig, nullptr, 0) == 0)
        sent_signal_ = sig;
}

worker_core::~worker_core()
{
    if (has_thread_ && !joined_) {
        if (::pthread_equal(thread_, ::pthread_self()) != 0 || !finished_.load(std::memory_order_acquire))
            ::pthread_detach(thread_); // a daemon, or the thread dropping the last reference itself
        else
            join_thread();
    }
    if (pidfd_ >= 0)
        ::close(pidfd_);
    // A slot the process may still write is left to the segment.
    if (slot_ != nullptr && finished_.load(std::memory_order_acquire))
        if (shared_segment* segment = shared_segment::existing())
            segment->destroy(slot_);
}

} // namespace freethreading::detail
