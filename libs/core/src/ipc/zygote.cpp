//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The zygote process (DESIGN §6): single-threaded, it sleeps in one poll()
// on three descriptors — its end of the socket pair (a request, or the
// launcher gone), a pidfd of its parent (the parent ended), and a signalfd
// for SIGCHLD (a child ended) — and never polls in a loop. It never calls the
// segment allocator: the parent allocated everything it writes.

#include "child_exit.hpp"
#include "zygote_protocol.hpp"

#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace freethreading::detail {

namespace {

// A child of the zygote, until it is reaped.
struct zygote_child
{
    pid_t pid;
    child_exit_slot* slot;
};

class zygote
{
public:
    zygote(const zygote_start& start, int parent_pidfd, int sigchld_fd, const sigset_t& child_mask)
        : control_(*start.control), doorbell_(start.doorbell), parent_pidfd_(parent_pidfd),
          sigchld_fd_(sigchld_fd), child_mask_(child_mask), self_(::getpid())
    {
    }

    int run()
    {
        for (;;) {
            pollfd fds[3] = {{doorbell_, POLLIN, 0}, {parent_pidfd_, POLLIN, 0}, {sigchld_fd_, POLLIN, 0}};
            if (::poll(fds, 3, -1) < 0) {
                if (errno == EINTR)
                    continue;
                stop_children();
                return 1;
            }
            if (fds[2].revents != 0)
                reap_children(false);
            if (finishing_ && children_.empty())
                return 0; // told to finish, and the last child has ended
            if (fds[1].revents != 0 || (fds[0].revents & (POLLHUP | POLLERR)) != 0) {
                // The parent ended, or its launcher went away without a word.
                stop_children();
                return 0;
            }
            if ((fds[0].revents & POLLIN) != 0 && !serve())
                return 0;
        }
    }

private:
    // Answers every request made since the last; false once asked to stop.
    bool serve()
    {
        char rings[64];
        while (::recv(doorbell_, rings, sizeof rings, MSG_DONTWAIT) < 0 && errno == EINTR) {
        }
        for (std::uint32_t made = control_.requests.load(std::memory_order_acquire); answered_ != made;) {
            const std::uint32_t kind = control_.request.kind;
            if (kind == zygote_finish) {
                // Not answered, and the last request: the parent sends no other.
                ++answered_;
                finishing_ = true;
                reap_children(false);
                return !children_.empty();
            }
            zygote_control::answer_fields answer;
            if (kind == zygote_stop)
                stop_children();
            else
                fork_children(answer);
            control_.answer = answer;
            control_.answers.store(++answered_, std::memory_order_release);
            const char ring = 'a';
            while (::send(doorbell_, &ring, 1, MSG_NOSIGNAL) < 0 && errno == EINTR) {
            }
            if (kind == zygote_stop)
                return false;
        }
        return true;
    }

    // Forks the request's children in order; stops at the first that
    // cannot be (the answer says how many were and why not the next).
    void fork_children(zygote_control::answer_fields& answer)
    {
        const zygote_control::request_fields& request = control_.request;
        // The program, checked against this process's image.
        std::uintptr_t entry = 0;
        try {
            entry = resolve_task_id(request.entry);
        } catch (const task_id_error& e) {
            answer.refused = static_cast<std::uint8_t>(e.reason());
            std::strncpy(answer.message, e.what(), sizeof answer.message - 1);
            return;
        } catch (...) {
            answer.error = ENOMEM;
            return;
        }
        shared_segment* segment = shared_segment::existing();
        const std::uint32_t count = request.count;
        if (segment == nullptr || count == 0 || count > zygote_launcher::max_batch) {
            answer.error = EINVAL;
            return;
        }
        // Copied out of the request, which the parent reuses once answered.
        alignas(16) std::byte arguments[sizeof request.arguments];
        std::memcpy(arguments, request.arguments, sizeof arguments);
        try {
            if (children_.capacity() - children_.size() < count) // no allocation after a fork
                children_.reserve(2 * children_.size() + count + 16);
        } catch (...) {
            answer.error = ENOMEM;
            return;
        }
        for (std::uint32_t i = 0; i < count; ++i) {
            const std::uint64_t slot_offset = request.slot_offsets[i];
            const std::uint32_t at = request.argument_offsets[i];
            const std::uint32_t size = request.argument_sizes[i];
            if (at > sizeof arguments || size > sizeof arguments - at || slot_offset > segment->size() ||
                !segment->contains(segment->address_of_unchecked(slot_offset), sizeof(child_exit_slot))) {
                answer.error = EINVAL;
                return;
            }
            auto* const slot = static_cast<child_exit_slot*>(segment->address_of_unchecked(slot_offset));
            const pid_t pid = ::fork();
            if (pid == 0)
                run_forked_child(reinterpret_cast<child_main>(entry), std::span<const std::byte>(arguments + at, size),
                                 slot);
            if (pid < 0) {
                answer.error = errno;
                return;
            }
            children_.push_back({pid, slot});
            answer.pids[i] = pid;
            answer.forked = i + 1;
        }
    }

    [[noreturn]] void run_forked_child(child_main main, std::span<const std::byte> argument,
                                       child_exit_slot* slot) noexcept
    {
        ::close(doorbell_);
        ::close(parent_pidfd_);
        ::close(sigchld_fd_);
        ::sigprocmask(SIG_SETMASK, &child_mask_, nullptr);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != self_)
            ::_exit(1); // the zygote died before PDEATHSIG was armed
        run_child(main, argument, slot);
    }

    // Publishes the status of every child that has ended, then reaps it
    // (WNOWAIT first: until it is reaped its pid cannot name another
    // process, so the parent's pidfd_open of it is never a stranger's).
    // With `block`, waits until every child has ended.
    void reap_children(bool block)
    {
        for (signalfd_siginfo info[8];;) { // drained: the statuses are asked of waitid
            const ssize_t n = ::read(sigchld_fd_, info, sizeof info);
            if (n <= 0 && !(n < 0 && errno == EINTR))
                break;
        }
        for (;;) {
            siginfo_t status{};
            const int options = WEXITED | WNOWAIT | (block ? 0 : WNOHANG);
            if (::waitid(P_ALL, 0, &status, options) < 0) {
                if (errno == EINTR)
                    continue;
                return; // ECHILD: no children left
            }
            if (status.si_pid == 0)
                return; // none has ended
            publish(status);
            siginfo_t reaped{};
            while (::waitid(P_PID, static_cast<id_t>(status.si_pid), &reaped, WEXITED) < 0 && errno == EINTR) {
            }
        }
    }

    void publish(const siginfo_t& status) noexcept
    {
        const auto it = std::find_if(children_.begin(), children_.end(),
                                     [&](const zygote_child& c) { return c.pid == status.si_pid; });
        if (it == children_.end())
            return;
        child_exit_slot& slot = *it->slot;
        // The child's own code, when it wrote one, is the better knowledge.
        int expected = child_exit_slot::unset;
        const int code = status.si_code == CLD_EXITED ? status.si_status : -status.si_status;
        slot.code.compare_exchange_strong(expected, code, std::memory_order_release, std::memory_order_relaxed);
        slot.reaped.store(1, std::memory_order_release);
        (void)futex_wake(slot.reaped, INT_MAX, true);
        children_.erase(it);
    }

    void stop_children()
    {
        for (const zygote_child& c : children_)
            ::kill(c.pid, SIGKILL); // not reaped yet: the pid is still the child's
        reap_children(true);
    }

    zygote_control& control_;
    int doorbell_;
    int parent_pidfd_;
    int sigchld_fd_;
    sigset_t child_mask_; // the signal mask children start with
    pid_t self_;
    std::uint32_t answered_ = 0;
    bool finishing_ = false; // zygote_finish came: end after the last child
    std::vector<zygote_child> children_;
};

} // namespace

int zygote_main(std::span<const std::byte> argument)
{
    zygote_start start;
    std::memcpy(&start, argument.data(), sizeof start);
    ::close(start.parent_end);
    ::prctl(PR_SET_NAME, "ft-zygote");

    // DESIGN §6 "Signals": the parent decides about interruption. SIGCHLD
    // at its default, even if the parent ignores it: the zygote must get
    // its children's statuses. It arrives through a signalfd.
    ::signal(SIGINT, SIG_IGN);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGHUP, SIG_DFL);
    ::signal(SIGCHLD, SIG_DFL);
    sigset_t chld;
    sigset_t child_mask;
    ::sigemptyset(&chld);
    ::sigaddset(&chld, SIGCHLD);
    ::sigprocmask(SIG_BLOCK, &chld, &child_mask);
    const int sigchld_fd = ::signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);

    // The parent, watched by a pidfd opened while it is known to be the
    // parent (checked again after: a parent that ended meanwhile would have
    // made this process someone else's child).
    const pid_t parent = ::getppid();
    const int parent_pidfd = static_cast<int>(::syscall(SYS_pidfd_open, parent, 0));
    if (sigchld_fd < 0 || parent_pidfd < 0 || ::getppid() != parent)
        return 1;
    return zygote(start, parent_pidfd, sigchld_fd, child_mask).run();
}

} // namespace freethreading::detail
