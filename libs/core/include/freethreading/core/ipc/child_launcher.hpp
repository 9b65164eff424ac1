//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_CHILD_LAUNCHER_HPP
#define FREETHREADING_CORE_IPC_CHILD_LAUNCHER_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/detail/task_id.hpp>
#include <freethreading/core/ipc/child_process.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <sys/types.h>

namespace freethreading::detail {

/** What a child process runs: it receives the argument bytes its launcher
    was given and returns the child's exit code. Called in the child's only
    thread. An exception that escapes it is printed to stderr and the child
    exits with 1. */
using child_main = int (*)(std::span<const std::byte> argument);

/** A `child_main` and the way to name it in a process that was not forked
    now (a zygote): its task id, made on first use. */
struct child_program
{
    child_main main = nullptr;
    const task_id& (*id)() = nullptr;
};

/** The `child_program` of `F`. */
template <child_main F>
constexpr child_program program_of() noexcept
{
    return child_program{F, &task_id_of<F>};
}

/** Starts child processes: the one interface of the spawner thread
    (`spawner_launcher`) and of zygotes (`zygote_launcher`).

    Whatever the launcher, a child runs `program.main(argument)` and then
    ends through the library's exit path: its code goes to its exit slot,
    which is also written if the body calls `std::exit` or dies of SIGSEGV,
    SIGBUS, SIGABRT, SIGFPE or SIGILL; the standard streams are flushed; its
    references to shared objects are released; it `_exit`s. Every child has
    `PR_SET_PDEATHSIG(SIGKILL)` and exits at once if its parent died before
    that was armed.

    @par Thread Safety
    `launch` and `launch_all` may be called concurrently; launchers
    serialize their forks.
*/
class FREETHREADING_CORE_DECL child_launcher
{
public:
    /** A child to launch and its argument bytes (`launch_all`). */
    struct launch_item
    {
        child_process* child;
        std::span<const std::byte> argument;
    };

    virtual ~child_launcher();

    /** Starts a child running `program.main(argument)` and publishes it in
        `child`, which must not have been started. The child's exit slot is
        allocated in the segment by this process.
        @throws std::system_error if the process cannot be made;
        segment_exhausted_error if its slot cannot; others per launcher. */
    virtual void launch(child_process& child, const child_program& program,
                        std::span<const std::byte> argument) = 0;

    /** As `launch` for every item, in order, forked together: each item is
        checked before anything is launched; if a fork fails, the children
        before it are launched and published, the rest are not.
        @throws as `launch`; std::logic_error for an item without a child or
        with one already started. */
    virtual void launch_all(const child_program& program, std::span<const launch_item> items) = 0;

protected:
    child_launcher() = default;
    child_launcher(const child_launcher&) = delete;
    child_launcher& operator=(const child_launcher&) = delete;

    /** Makes `child` watch the process `pid` through `pidfd` (-1: it has
        already ended and been reaped: its slot tells its code), reaped by
        this process, or by `reaper` (a zygote) when given. */
    static void publish(child_process& child, pid_t pid, int pidfd, child_exit_slot* slot,
                        std::shared_ptr<const child_process> reaper);

    /** @throws std::logic_error for an item without a child or with one
        already started (`launch_all` checks every item first). */
    static void check_items(std::span<const launch_item> items);
};

/** Launches this process's own children through the library's spawner
    thread (`spawn_process`, DESIGN §6 "Process creation"): the child is a
    fork made now, so `argument` may point into this process's memory.

    The child takes the CPU affinity of the thread that calls `launch`, and
    waits to run its program until `launch` has published it in the
    `child_process` (its release word in the exit slot): the caller and the
    child then do not compete for one CPU while the other idles
    (`doc/design-notes.md`). This process reaps the child through its pidfd
    (`waitid(P_PIDFD)`).

    @par Thread Safety
    `launch` may be called from any thread; forks are serialized.
*/
class FREETHREADING_CORE_DECL spawner_launcher final : public child_launcher
{
public:
    /** The program's one spawner launcher (never destroyed). */
    static spawner_launcher& instance();

    void launch(child_process& child, const child_program& program, std::span<const std::byte> argument) override;

    /** Forks the items' children one right after the other, then publishes
        and releases them: nothing this process does between two of the
        forks writes memory that the later fork then write-protects again
        (each such page costs one more copy-on-write fault per fork). */
    void launch_all(const child_program& program, std::span<const launch_item> items) override;

private:
    spawner_launcher() = default;
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_CHILD_LAUNCHER_HPP
