//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_ZYGOTE_LAUNCHER_HPP
#define FREETHREADING_CORE_IPC_ZYGOTE_LAUNCHER_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/ipc/child_launcher.hpp>
#include <freethreading/core/ipc/child_process.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>

namespace freethreading::detail {

struct zygote_control;

/** Launches children from a zygote (DESIGN §6 "Process creation"): a
    single-threaded process forked once, through the spawner, when the
    launcher is made. The zygote forks each child on request, so children
    see this process's memory as it was when the launcher was made, and no
    later fork copies a multithreaded process. Made for pools.

    A request is a description in the shared segment: the child's program as
    a task id (not an address of this process: the zygote resolves it in its
    own image, so a function of a library loaded after the zygote was made
    is refused with task_id_error), the argument bytes copied into the
    request (at most `max_argument_size`; pass larger data in a segment
    block and its offset), and the child's exit slot, which this process
    allocated. Every request and answer is published by one atomic store
    after it is written; a socket pair made before the zygote's fork only
    rings the other side.

    The zygote ignores SIGINT and has SIGTERM and SIGHUP at their default
    (the parent decides about interruption); it has `PR_SET_PDEATHSIG`
    from the spawner's fork and also watches this process through a pidfd,
    and exits with it. Its children have `PR_SET_PDEATHSIG(SIGKILL)` tied to
    the zygote and exit at once if the zygote died before that was armed;
    they inherit its signal dispositions. The zygote reaps them (this
    process cannot: they are not its children) and publishes each wait
    status in the child's exit slot before it reaps it, so the pid stays
    valid until the status is out; a `child_process` watches the child's
    pidfd and reads its status there.

    @par Thread Safety
    `launch` may be called concurrently (requests are serialized).
*/
class FREETHREADING_CORE_DECL zygote_launcher final : public child_launcher
{
public:
    /** The most argument bytes one child's request carries. */
    static constexpr std::size_t max_argument_size = 512;

    /** The most children one request to the zygote forks (`launch_all`). */
    static constexpr std::size_t max_batch = 16;

    /** Makes the shared segment if it does not exist yet (the zygote and its
        children must see it) and forks the zygote through the spawner.
        @throws std::system_error if the zygote cannot be made. */
    zygote_launcher();

    /** Stops the zygote and waits for it to end. Its children still running
        are killed with SIGKILL, reaped, and their statuses published first
        (their `exitcode()` is then -SIGKILL, unless they had written their
        own): a pool terminates or joins its workers before it destroys its
        launcher. After `finish()` it only waits: the zygote ends after the
        last of its children. */
    ~zygote_launcher() override;

    /** Tells the zygote to end once every child it has forked has ended
        (their statuses published, as always) instead of killing them, and
        returns at once: the one request that is not answered. A pool whose
        workers are on their way out sends it, so that the zygote's end
        overlaps theirs instead of following it. Later `launch` calls throw
        std::logic_error. Calling it again does nothing. */
    void finish() noexcept;

    /** Asks the zygote to fork a child running `program.main(argument)`.
        @throws std::length_error for more than `max_argument_size` bytes;
        task_id_error if `program` has no task id, or the zygote refuses it;
        std::system_error if the zygote cannot fork; freethreading::error if
        the zygote has ended. */
    void launch(child_process& child, const child_program& program, std::span<const std::byte> argument) override;

    /** As `launch` for every item, in order, with up to `max_batch`
        children forked per request: one round trip to the zygote for a
        pool's workers instead of one each. Every item is checked before
        anything is launched; if a fork fails, the children before it are
        launched and the rest are not.
        @throws as `launch`. */
    void launch_all(const child_program& program, std::span<const launch_item> items) override;

    /** The zygote itself (this process's child). */
    const child_process& zygote() const noexcept { return *zygote_; }

private:
    struct answer;
    answer ask(std::uint32_t kind);
    bool post(std::uint32_t kind, std::uint32_t& made);
    std::size_t launch_batch(const task_id& entry, std::span<const launch_item> items);

    zygote_control* control_ = nullptr; // in the segment
    int doorbell_ = -1;                 // this process's end of the socket pair
    std::shared_ptr<child_process> zygote_;
    std::mutex serialize_;
    bool finishing_ = false; // finish() was sent: no more requests
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_ZYGOTE_LAUNCHER_HPP
