//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The parent's side of a zygote: makes it, sends it requests, and watches
// the children it forks (zygote.cpp is the zygote's side).

#include "zygote_protocol.hpp"

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>
#include <freethreading/core/ipc/zygote_launcher.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <system_error>
#include <unistd.h>

namespace freethreading::detail {

struct zygote_launcher::answer : zygote_control::answer_fields
{
};

zygote_launcher::zygote_launcher()
{
    // Made first: the zygote and its children must inherit the segment.
    shared_segment& segment = shared_segment::instance();
    control_ = segment.construct<zygote_control>();
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0) {
        const int error = errno;
        segment.destroy(control_);
        throw std::system_error(error, std::system_category(), "freethreading: socketpair for a zygote");
    }
    zygote_start start{control_, ends[1], ends[0]};
    zygote_ = std::make_shared<child_process>();
    try {
        spawner_launcher::instance().launch(*zygote_, program_of<&zygote_main>(),
                                            std::as_bytes(std::span<const zygote_start>(&start, 1)));
    } catch (...) {
        ::close(ends[0]);
        ::close(ends[1]);
        segment.destroy(control_);
        throw;
    }
    ::close(ends[1]); // the zygote's end: its own copy is the only one left
    doorbell_ = ends[0];
}

zygote_launcher::~zygote_launcher()
{
    {
        std::lock_guard<std::mutex> guard(serialize_);
        try {
            if (!finishing_)
                (void)ask(zygote_stop, nullptr, 0, {});
        } catch (...) {
            // It had ended already: joined below all the same.
        }
    }
    zygote_->join();
    ::close(doorbell_);
    if (shared_segment* segment = shared_segment::existing())
        segment->destroy(control_);
}

void zygote_launcher::launch(child_process& child, const child_program& program,
                             std::span<const std::byte> argument)
{
    if (argument.size() > max_argument_size)
        throw std::length_error("freethreading: a zygote request carries at most " +
                                std::to_string(max_argument_size) + " argument bytes, not " +
                                std::to_string(argument.size()) +
                                " (pass larger data in a segment block and its offset)");
    if (child.started())
        throw std::logic_error("freethreading: a child_process was launched twice");
    const task_id& entry = program.id(); // made in this process, resolved in the zygote
    shared_segment& segment = shared_segment::instance();
    std::lock_guard<std::mutex> guard(serialize_);
    if (finishing_)
        throw std::logic_error("freethreading: launch through a zygote that was told to finish");
    auto* slot = segment.construct<child_exit_slot>();
    answer a;
    try {
        a = ask(zygote_fork, &entry, segment.offset_of(slot), argument);
    } catch (...) {
        segment.destroy(slot);
        throw;
    }
    if (a.refused != 0 || a.error != 0) {
        segment.destroy(slot);
        if (a.refused != 0)
            throw task_id_error(static_cast<task_id_error::reason_type>(a.refused),
                                std::string(a.message, ::strnlen(a.message, sizeof a.message)));
        throw std::system_error(a.error, std::system_category(), "freethreading: the zygote could not fork");
    }
    // The zygote publishes a child's status before it reaps it: while the
    // status is not out, the pid is the child's, so a pidfd opened then and
    // found unpublished after is the child's.
    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, a.pid, 0));
    const int open_errno = errno;
    if (pidfd >= 0 && slot->reaped.load(std::memory_order_acquire) != 0) {
        ::close(pidfd); // perhaps another process's by now: the slot says it all
        pidfd = -1;
    } else if (pidfd < 0 && open_errno != ESRCH) {
        ::kill(a.pid, SIGKILL); // not published, so still the child: it cannot be watched
        throw std::system_error(open_errno, std::system_category(),
                                "freethreading: pidfd_open of a zygote's child failed");
    }
    publish(child, a.pid, pidfd, slot, zygote_);
}

void zygote_launcher::finish() noexcept
{
    std::lock_guard<std::mutex> guard(serialize_);
    if (finishing_)
        return;
    finishing_ = true;
    // Not answered: an ended zygote is found by the destructor's join.
    std::uint32_t made = 0;
    (void)post(zygote_finish, nullptr, 0, {}, made);
}

bool zygote_launcher::post(std::uint32_t kind, const task_id* entry, std::uint64_t slot_offset,
                           std::span<const std::byte> argument, std::uint32_t& made)
{
    zygote_control::request_fields& request = control_->request;
    request.kind = kind;
    request.entry = entry != nullptr ? *entry : task_id{};
    request.slot_offset = slot_offset;
    request.argument_size = static_cast<std::uint32_t>(argument.size());
    if (!argument.empty())
        std::memcpy(request.argument, argument.data(), argument.size());
    made = control_->requests.load(std::memory_order_relaxed) + 1;
    control_->requests.store(made, std::memory_order_release);
    const char ring = 'r';
    ssize_t sent;
    while ((sent = ::send(doorbell_, &ring, 1, MSG_NOSIGNAL)) < 0 && errno == EINTR) {
    }
    return sent >= 0; // not sent: the zygote's end of the pair is closed
}

zygote_launcher::answer zygote_launcher::ask(std::uint32_t kind, const task_id* entry, std::uint64_t slot_offset,
                                             std::span<const std::byte> argument)
{
    std::uint32_t made = 0;
    const bool sent = post(kind, entry, slot_offset, argument, made);
    // The answer, or the zygote's end (its end of the pair closes with it).
    while (control_->answers.load(std::memory_order_acquire) != made) {
        pollfd pfd{doorbell_, POLLIN, 0};
        const int n = sent ? ::poll(&pfd, 1, -1) : 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n > 0 && (pfd.revents & POLLIN) != 0) {
            char rings[64];
            while (::recv(doorbell_, rings, sizeof rings, MSG_DONTWAIT) < 0 && errno == EINTR) {
            }
            continue;
        }
        if (control_->answers.load(std::memory_order_acquire) == made)
            break;
        zygote_->join();
        throw error("freethreading: the zygote process (pid " + std::to_string(zygote_->pid()) +
                    ") has ended, with exit code " + std::to_string(zygote_->exitcode().value_or(0)));
    }
    answer a;
    static_cast<zygote_control::answer_fields&>(a) = control_->answer;
    return a;
}

} // namespace freethreading::detail
