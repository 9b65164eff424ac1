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

#include <algorithm>
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
                (void)ask(zygote_stop);
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
    const launch_item item{&child, argument};
    launch_all(program, std::span<const launch_item>(&item, 1));
}

void zygote_launcher::launch_all(const child_program& program, std::span<const launch_item> items)
{
    for (const launch_item& item : items)
        if (item.argument.size() > max_argument_size)
            throw std::length_error("freethreading: a zygote request carries at most " +
                                    std::to_string(max_argument_size) + " argument bytes, not " +
                                    std::to_string(item.argument.size()) +
                                    " (pass larger data in a segment block and its offset)");
    check_items(items);
    const task_id& entry = program.id(); // made in this process, resolved in the zygote
    std::lock_guard<std::mutex> guard(serialize_);
    if (finishing_)
        throw std::logic_error("freethreading: launch through a zygote that was told to finish");
    while (!items.empty())
        items = items.subspan(launch_batch(entry, items));
}

// One request: as many of `items` as it holds. Returns how many.
std::size_t zygote_launcher::launch_batch(const task_id& entry, std::span<const launch_item> items)
{
    shared_segment& segment = shared_segment::instance();
    zygote_control::request_fields& request = control_->request;
    child_exit_slot* slots[max_batch];
    std::uint32_t count = 0;
    std::size_t packed = 0;
    const auto destroy_slots = [&](std::uint32_t from) noexcept {
        for (std::uint32_t i = from; i < count; ++i)
            segment.destroy(slots[i]);
    };
    try {
        for (; count < items.size() && count < max_batch; ++count) {
            const std::size_t size = items[count].argument.size();
            const std::size_t at = (packed + 15) / 16 * 16;
            if (at + size > sizeof request.arguments)
                break;
            slots[count] = segment.construct<child_exit_slot>();
            request.slot_offsets[count] = segment.offset_of(slots[count]);
            request.argument_offsets[count] = static_cast<std::uint32_t>(at);
            request.argument_sizes[count] = static_cast<std::uint32_t>(size);
            if (size != 0)
                std::memcpy(request.arguments + at, items[count].argument.data(), size);
            packed = at + size;
        }
        request.entry = entry;
        request.count = count;
    } catch (...) {
        destroy_slots(0);
        throw;
    }
    answer a;
    try {
        a = ask(zygote_fork);
    } catch (...) {
        destroy_slots(0);
        throw;
    }
    const std::uint32_t forked = std::min<std::uint32_t>(a.forked, count);
    destroy_slots(forked); // not forked: nobody writes to them
    // The zygote publishes a child's status before it reaps it: while the
    // status is not out, the pid is the child's, so a pidfd opened then and
    // found unpublished after is the child's.
    for (std::uint32_t i = 0; i < forked; ++i) {
        int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, a.pids[i], 0));
        const int open_errno = errno;
        if (pidfd >= 0 && slots[i]->reaped.load(std::memory_order_acquire) != 0) {
            ::close(pidfd); // perhaps another process's by now: the slot says it all
            pidfd = -1;
        } else if (pidfd < 0 && open_errno != ESRCH) {
            // Not published, so still the children: they cannot be watched.
            // Their slots stay (the zygote writes their statuses there).
            for (std::uint32_t k = i; k < forked; ++k)
                ::kill(a.pids[k], SIGKILL);
            throw std::system_error(open_errno, std::system_category(),
                                    "freethreading: pidfd_open of a zygote's child failed");
        }
        publish(*items[i].child, a.pids[i], pidfd, slots[i], zygote_);
    }
    if (forked < count) {
        if (a.refused != 0)
            throw task_id_error(static_cast<task_id_error::reason_type>(a.refused),
                                std::string(a.message, ::strnlen(a.message, sizeof a.message)));
        throw std::system_error(a.error != 0 ? a.error : EINVAL, std::system_category(),
                                "freethreading: the zygote could not fork");
    }
    return count;
}

void zygote_launcher::finish() noexcept
{
    std::lock_guard<std::mutex> guard(serialize_);
    if (finishing_)
        return;
    finishing_ = true;
    // Not answered: an ended zygote is found by the destructor's join.
    std::uint32_t made = 0;
    (void)post(zygote_finish, made);
}

// Publishes the request (its other fields are written) and rings.
bool zygote_launcher::post(std::uint32_t kind, std::uint32_t& made)
{
    control_->request.kind = kind;
    made = control_->requests.load(std::memory_order_relaxed) + 1;
    control_->requests.store(made, std::memory_order_release);
    const char ring = 'r';
    ssize_t sent;
    while ((sent = ::send(doorbell_, &ring, 1, MSG_NOSIGNAL)) < 0 && errno == EINTR) {
    }
    return sent >= 0; // not sent: the zygote's end of the pair is closed
}

zygote_launcher::answer zygote_launcher::ask(std::uint32_t kind)
{
    std::uint32_t made = 0;
    const bool sent = post(kind, made);
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
