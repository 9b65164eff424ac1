//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_CHILD_PROCESS_HPP
#define FREETHREADING_CORE_IPC_CHILD_PROCESS_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/detail/deadline.hpp>

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <sys/types.h>

namespace freethreading::detail {

class child_launcher;

/** What a child process and the processes watching it share, in the
    segment; allocated by the parent before the child exists, so the child
    and a zygote only write to it.

    `code` is written once: by the child itself (its body's code, the status
    it gives `std::exit`, a fatal signal it caught), else by a zygote that
    reaped it (its wait status). Each word is published by one atomic store
    after what it stands for is true.
*/
struct child_exit_slot
{
    static constexpr int unset = INT_MIN;

    /// The exit code, or `unset`.
    std::atomic<int> code{unset};
    /// A zygote's child: 1 once the zygote has its wait status and `code` is
    /// final (set before the zygote reaps it, so its pid is not yet reused).
    /// A futex word.
    std::atomic<std::uint32_t> reaped{0};
    /// A spawner's child: the child waits on this futex word until its
    /// parent has published it (see `spawner_launcher`).
    std::atomic<std::uint32_t> released{0};
};

/** A started child process, watched through a pidfd (DESIGN §6), made by a
    `child_launcher`: the spawner thread's (`spawner_launcher`, the process
    is this process's child) or a zygote's (`zygote_launcher`, the process
    is the zygote's child).

    Its exit code is computed as for a process worker (DESIGN §4.1): what
    the child wrote to its exit slot (0 when its body returned, 1 when it
    threw, the status given to `std::exit`, `-signal` for a fatal signal it
    caught), else its wait status (the exit status, or `-signal`), read by
    `waitid(P_PIDFD)` for this process's own child or published by the
    zygote that reaped it; else, if someone else took the status (SIGCHLD
    ignored, or user code waiting for any child), `-` the last signal
    `send_signal` delivered, else `-SIGKILL`, the one signal that ends a
    child unheard. So it is right when SIGCHLD is ignored and when user code
    reaps children with `waitpid(-1)`. A zygote's child whose zygote died
    before publishing its status reports `-SIGKILL` (the zygote's death
    kills its children).

    The first call that sees the end reaps the child (own children) and
    closes the pidfd. Destroying a child_process that has not been seen to
    end does not wait for it: its exit slot is then left to the segment.

    @par Thread Safety
    Every member may be called concurrently. Everything the child did
    happens-before a `join_until` that returns true, and before an
    `is_alive()` that returns false or an `exitcode()` that has a value.
*/
class FREETHREADING_CORE_DECL child_process
{
public:
    /** Not started: `launch` of a `child_launcher` starts it. */
    child_process() noexcept;
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    /** True once a launcher has published the child. */
    bool started() const noexcept { return pid_.load(std::memory_order_acquire) > 0; }

    /** The child's pid; -1 before it is started. */
    pid_t pid() const noexcept { return pid_.load(std::memory_order_acquire); }

    /** Waits until the child has ended and its exit code is known, or until
        `deadline`; false on timeout. Interrupted waits restart with the time
        left. @throws std::logic_error before it is started. */
    bool join_until(steady_time deadline);

    /** Waits for the end. @throws std::logic_error before it is started. */
    void join() { (void)join_until(steady_time::max()); }

    template <class Rep, class Period>
    bool join_for(const std::chrono::duration<Rep, Period>& d)
    {
        return join_until(deadline_after(d));
    }

    /** False before it is started and once it has ended (then its exit code
        is known). Does not block, except for the moments a zygote takes to
        publish the status of a child that has just ended. */
    bool is_alive() const;

    /** Empty until the child has ended (see the class comment). */
    std::optional<int> exitcode() const;

    /** Sends `sig` through the pidfd, unless the child has been seen to end
        (then nothing: the pid may name another process by now). A delivered
        signal is remembered for the exit code (see the class comment).
        @throws std::logic_error before it is started. */
    void send_signal(int sig);
    /** `send_signal(SIGTERM)`. */
    void terminate() { send_signal(15); }
    /** `send_signal(SIGKILL)`. */
    void kill() { send_signal(9); }

private:
    friend class child_launcher;

    // Called by child_launcher::publish.
    void publish(pid_t pid, int pidfd, child_exit_slot* slot, std::shared_ptr<const child_process> reaper);
    // Seen to end (its pidfd is readable): reaps it, or waits for its zygote
    // to publish its status, until `deadline`; false on timeout.
    bool collect(std::unique_lock<std::mutex>& lock, steady_time deadline) const;
    void finish(std::unique_lock<std::mutex>& lock, int code) const;
    bool wait_for_zygote(steady_time deadline) const;
    void close_pidfd() const noexcept; // under mutex_

    std::atomic<pid_t> pid_{-1};
    child_exit_slot* slot_ = nullptr;
    // The zygote that reaps this child (a zygote's child), else null.
    std::shared_ptr<const child_process> reaper_;
    int sent_signal_ = 0; // the last signal send_signal() delivered
    // What is learnt by watching: a const observation may reap.
    mutable std::mutex mutex_;
    mutable std::atomic<bool> finished_{false};
    mutable std::optional<int> exitcode_;
    mutable int pidfd_ = -1;
    mutable int pollers_ = 0; // joins polling pidfd_ now (it is closed after the last)
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_CHILD_PROCESS_HPP
