//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_SRC_IPC_FORK_CHILD_HPP
#define FREETHREADING_CORE_SRC_IPC_FORK_CHILD_HPP

// The fork itself and the main thread's own forks, shared by the spawner
// thread (process_spawner.cpp) and the main thread (fork_child.cpp).

#include <freethreading/core/ipc/process_spawner.hpp>

#include <sched.h>
#include <sys/types.h>

namespace freethreading::detail {

/** Forks a child that arms PR_SET_PDEATHSIG, exits if its parent died before
    that, takes the affinity `cpus` (if not null) and runs `body(context)`.
    Returns the pid, or -1 (errno set). */
pid_t fork_child(child_body body, void* context, const cpu_set_t* cpus) noexcept;

/** A pidfd for `pid`, or -1: with `error` 0 if the child has already ended
    and been reaped, else pidfd_open's errno. */
int watch_child(pid_t pid, int& error) noexcept;

/** Kills and reaps `pid`, which cannot be watched, and throws
    std::system_error with `error`. */
[[noreturn]] void fail_unwatched(pid_t pid, int error);

/** spawn_process from the main thread: the fork is made here, and the child
    is kept in the main thread's list of children, which that thread waits
    for should it end with pthread_exit. */
spawned_process fork_here(child_body body, void* context);

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_SRC_IPC_FORK_CHILD_HPP
