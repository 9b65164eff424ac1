//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Watching a child process: its pidfd tells when it ends (also for a zygote's
// child, which this process cannot reap: waitid(P_PIDFD) answers ECHILD), and
// its exit slot tells how (DESIGN §6).

#include <freethreading/core/ipc/child_process.hpp>
#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <poll.h>
#include <stdexcept>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace freethreading::detail {

namespace {

// How long a wait for a zygote's status sleeps before it looks whether the
// zygote itself is still there: a zygote that dies publishes nothing more.
constexpr auto zygote_check_interval = std::chrono::milliseconds(10);

// poll()'s timeout for `deadline`: -1 for none, rounded up to whole milliseconds.
int poll_timeout(steady_time deadline) noexcept
{
    if (deadline == steady_time::max())
        return -1;
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= left.zero())
        return 0;
    return static_cast<int>(
        std::min<long long>(std::chrono::ceil<std::chrono::milliseconds>(left).count(), INT_MAX));
}

} // namespace

child_process::child_process() noexcept = default;

child_process::~child_process()
{
    if (pidfd_ >= 0)
        ::close(pidfd_);
    // A slot the process (or its zygote) may still write is left to the segment.
    if (slot_ != nullptr && finished_.load(std::memory_order_acquire))
        if (shared_segment* segment = shared_segment::existing())
            segment->destroy(slot_);
}

void child_process::publish(pid_t pid, int pidfd, child_exit_slot* slot,
                            std::shared_ptr<const child_process> reaper)
{
    std::unique_lock<std::mutex> lock(mutex_);
    if (started())
        throw std::logic_error("freethreading: a child_process was launched twice");
    slot_ = slot;
    reaper_ = std::move(reaper);
    pidfd_ = pidfd;
    pid_.store(pid, std::memory_order_release);
    if (pidfd < 0)
        (void)collect(lock, steady_time::max()); // already ended and reaped: its slot tells the code
}

bool child_process::join_until(steady_time deadline)
{
    if (!started())
        throw std::logic_error("freethreading: join of a child process that has not been started");
    for (;;) {
        if (finished_.load(std::memory_order_acquire))
            return true;
        const int timeout = poll_timeout(deadline);
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
            close_pidfd(); // collected by another thread meanwhile
        if (n < 0 && poll_errno == EINTR)
            continue; // the time left is recomputed
        if (n > 0 && !finished_.load(std::memory_order_relaxed))
            return collect(lock, deadline); // false: the deadline passed before a zygote's status came
        lock.unlock();
        if (timeout == 0 || (n == 0 && deadline != steady_time::max() &&
                             std::chrono::steady_clock::now() >= deadline))
            return finished_.load(std::memory_order_acquire);
    }
}

bool child_process::is_alive() const
{
    if (!started() || finished_.load(std::memory_order_acquire))
        return false;
    std::unique_lock<std::mutex> lock(mutex_);
    if (finished_.load(std::memory_order_relaxed))
        return false;
    pollfd pfd{pidfd_, POLLIN, 0};
    if (::poll(&pfd, 1, 0) > 0)
        return !collect(lock, steady_time::max());
    return true;
}

std::optional<int> child_process::exitcode() const
{
    if (started() && !finished_.load(std::memory_order_acquire))
        (void)is_alive(); // collects a process that has ended
    std::lock_guard<std::mutex> guard(mutex_);
    return exitcode_;
}

void child_process::send_signal(int sig)
{
    std::lock_guard<std::mutex> guard(mutex_);
    if (!started())
        throw std::logic_error("freethreading: signal to a child process that has not been started");
    // Remembered only when delivered: a process that is already gone and
    // reaped (SIGCHLD ignored) answers ESRCH, and its end was not this signal.
    // A collected process's pidfd may still be open for a polling join().
    if (finished_.load(std::memory_order_relaxed) || pidfd_ < 0)
        return;
    if (::syscall(SYS_pidfd_send_signal, pidfd_, sig, nullptr, 0) == 0)
        sent_signal_ = sig;
}

bool child_process::collect(std::unique_lock<std::mutex>& lock, steady_time deadline) const
{
    if (finished_.load(std::memory_order_relaxed))
        return true;
    if (reaper_ != nullptr) {
        // A zygote's child: the zygote reaps it and publishes its status.
        if (slot_->reaped.load(std::memory_order_acquire) == 0) {
            lock.unlock();
            const bool published = wait_for_zygote(deadline);
            lock.lock();
            if (finished_.load(std::memory_order_relaxed))
                return true;
            if (!published)
                return false;
        }
        const int code = slot_->code.load(std::memory_order_acquire);
        // Unset only if the zygote died first, killing its children.
        finish(lock, code != child_exit_slot::unset ? code : -SIGKILL);
        return true;
    }
    siginfo_t info{};
    int rc = -1;
    if (pidfd_ >= 0)
        do
            rc = ::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd_), &info, WEXITED);
        while (rc < 0 && errno == EINTR);
    // The exit code, best knowledge first:
    //  1. what the child wrote to its slot (a return, a throw, std::exit, a
    //     fatal signal it caught: SEGV, BUS, ABRT, FPE, ILL);
    //  2. the status waitid() gave us (an exit, or -signal);
    //  3. if someone else took the status (SIGCHLD ignored, or user code
    //     reaped it) and the child wrote nothing: -the last signal that
    //     send_signal() delivered, as the child had no say;
    //  4. otherwise -SIGKILL, the one signal that ends a child unheard.
    int code = slot_->code.load(std::memory_order_acquire);
    if (code == child_exit_slot::unset) {
        if (rc == 0 && info.si_code == CLD_EXITED)
            code = info.si_status;
        else if (rc == 0)
            code = -info.si_status; // killed or dumped by this signal
        else if (sent_signal_ != 0)
            code = -sent_signal_;
        else
            code = -SIGKILL;
    }
    finish(lock, code);
    return true;
}

void child_process::finish(std::unique_lock<std::mutex>&, int code) const
{
    exitcode_ = code;
    finished_.store(true, std::memory_order_release);
    // A join() in another thread may be polling the pidfd unlocked: the last
    // one to stop polling closes it (a closed number can be reused at once).
    if (pollers_ == 0)
        close_pidfd();
}

bool child_process::wait_for_zygote(steady_time deadline) const
{
    for (;;) {
        if (slot_->reaped.load(std::memory_order_acquire) != 0)
            return true;
        if (!reaper_->is_alive())
            return true; // no status will come: collect() reports the death
        const steady_time now = std::chrono::steady_clock::now();
        if (now >= deadline)
            return false;
        (void)futex_wait(slot_->reaped, 0, true, std::min<steady_time>(deadline, now + zygote_check_interval));
    }
}

void child_process::close_pidfd() const noexcept
{
    if (pidfd_ >= 0)
        ::close(pidfd_);
    pidfd_ = -1;
}

} // namespace freethreading::detail
