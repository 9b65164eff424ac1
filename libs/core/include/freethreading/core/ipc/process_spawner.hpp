//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_PROCESS_SPAWNER_HPP
#define FREETHREADING_CORE_IPC_PROCESS_SPAWNER_HPP

#include <freethreading/core/config.hpp>

#include <sys/types.h>

namespace freethreading::detail {

/** A child made by `spawn_process`: its pid and a pidfd to watch it by (so
    its end is seen even if user code reaps it or ignores SIGCHLD); pidfd -1
    if the child had already ended and been reaped by then (a quick child
    with SIGCHLD ignored). */
struct spawned_process
{
    pid_t pid = -1;
    int pidfd = -1;
};

/** What the child runs; it must end with `_exit` (the spawner `_exit`s with
    127 if it returns). Called in the child's only thread. */
using child_body = void (*)(void* context) noexcept;

/** Forks a child process from a thread that lives as long as the program
    (DESIGN §6 "Process creation"): the process's main thread when it is the
    caller, otherwise the library's long-lived spawner thread.

    The child's `PR_SET_PDEATHSIG` fires when the *thread* that forked ends,
    so a worker started from a short-lived thread keeps running. The main
    thread forks itself, which saves the hand-off to the spawner (two
    wake-ups, and a fork from a process whose other thread has just run on
    another CPU); should it end through `pthread_exit` while other threads go
    on, it first waits until every child it forked has ended (a pthread key's
    destructor), so that no child dies of its end (doc/design-notes.md
    "Forks from the main thread"). With an embedded CPython that
    `PyOS_BeforeFork` can be found in, the spawner thread makes every fork.
    Before the fork the parent
    flushes `stdout`, `stderr` and the C++ standard streams (those holding
    output: flush_pending_output); with an embedded
    CPython the fork is wrapped in `PyOS_BeforeFork` / `PyOS_AfterFork_*`,
    which the spawner thread calls holding the GIL (a caller holding it lets
    it go while it waits, and has it back on return). In
    the child, `pthread_atfork` handlers have reset the library's
    per-process state, then the child sets `PR_SET_PDEATHSIG(SIGKILL)`, checks
    that its parent is still the process that forked it (else `_exit`s),
    has the CPU affinity of the thread that called `spawn_process` (the
    spawner's child takes it, as a fork made by that thread would give it),
    and calls `body(context)`. The spawner thread runs on the caller's CPU,
    which is free while the caller waits: the hand-off is then a local
    context switch, not a cross-CPU wake-up.

    @par Thread Safety
    May be called from any thread; the spawner's forks are serialized, and
    the main thread's may run alongside them.

    @throws std::system_error if fork or pidfd_open fails.
*/
FREETHREADING_CORE_DECL spawned_process spawn_process(child_body body, void* context);

/** True if `spawn_process`, called from this thread now, forks right here
    (the process's main thread, no embedded CPython with fork hooks) rather
    than through the spawner thread. */
FREETHREADING_CORE_DECL bool spawn_process_forks_here() noexcept;

/** Writes out what `std::cout`, `std::cerr`, `std::clog`, `stdout` and
    `stderr` hold buffered, touching only the streams that hold something.
    A flush locks its stream even with nothing to write: around a fork that
    write lands on a page the fork write-protected (a copy-on-write fault),
    and in a child its first call may also bind symbols lazily. */
FREETHREADING_CORE_DECL void flush_pending_output();

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_PROCESS_SPAWNER_HPP
