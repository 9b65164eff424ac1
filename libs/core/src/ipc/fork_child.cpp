//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The fork itself, and the forks the main thread makes itself (DESIGN §6
// departure, doc/design-notes.md "Forks from the main thread"), with the list
// of their children that the main thread waits for should it end through
// pthread_exit.

#include "fork_child.hpp"

#include <freethreading/core/ipc/fork_hooks.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <pthread.h>
#include <span>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace freethreading::detail {

// The fork itself, made by the spawner thread or by the main thread. In the
// child: the parent-death signal, the check that the parent did not die
// before it was armed, the CPU affinity (`cpus`, if not null) and the body.
// The child must read nothing after the fork that another thread of the
// parent may change: its arguments are copies.
pid_t fork_child(child_body body, void* context, const cpu_set_t* cpus) noexcept
{
    const pid_t parent = this_process_id(); // cached: no system call
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(1); // the parent died before PDEATHSIG was armed
        if (cpus != nullptr)
            (void)::sched_setaffinity(0, sizeof *cpus, cpus); // not the spawner's pin
        body(context);
        ::_exit(127);
    }
    return pid;
}

// ESRCH from pidfd_open: the child has already ended and been reaped
// (SIGCHLD ignored, or user code waiting for any child): nothing to watch.
int watch_child(pid_t pid, int& error) noexcept
{
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    error = pidfd < 0 && errno != ESRCH ? errno : 0;
    return pidfd;
}

// pidfd_open failed (kernel < 5.3): the child cannot be watched safely.
void fail_unwatched(pid_t pid, int error)
{
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    throw std::system_error(error, std::system_category(), "freethreading: pidfd_open of a new worker process failed");
}

namespace {

// The children the main thread forked itself (spawn_process), which the
// kernel sends PDEATHSIG when that thread ends. Only the main thread reads or
// changes this list, so it needs no lock; entries of children that have
// ended are dropped now and then (prune_direct_children). What is written
// right after each fork, the new pid and the count, lives in pages marked
// MADV_WIPEONFORK: a fork leaves those writable in the parent, where
// ordinary memory would cost two copy-on-write faults per worker started
// (doc/design-notes.md, worker), and a forked child finds them zero-filled,
// its list empty. The child's fork hook empties it too, for kernels
// without the flag.
struct direct_children
{
    pid_t* pids = nullptr;        // `capacity` of them, in pages mapped for them
    std::size_t capacity = 0;     // changed only before a fork
    std::size_t prune_at = 16;    // likewise
    std::size_t* size = nullptr;  // in fork_fresh_storage, made on the first fork
};

direct_children main_children;

// Room for one more pid, made before the fork: nothing is allocated or
// mapped between a fork and its pid's entry.
void reserve_one_more(direct_children& c)
{
    if (c.size == nullptr)
        c.size = &make_fork_fresh<std::size_t>(0);
    if (*c.size < c.capacity)
        return;
    const std::size_t bytes = std::max<std::size_t>(
        static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)), 2 * c.capacity * sizeof(pid_t));
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::system_error(errno, std::system_category(),
                                "freethreading: mmap of the main thread's list of children");
    (void)::madvise(p, bytes, MADV_WIPEONFORK); // EINVAL before Linux 4.14: ordinary memory
    auto* pids = static_cast<pid_t*>(p);
    std::copy_n(c.pids, *c.size, pids);
    if (c.pids != nullptr)
        ::munmap(c.pids, c.capacity * sizeof(pid_t));
    c.pids = pids;
    c.capacity = bytes / sizeof(pid_t);
}

// The key whose destructor runs when the main thread ends through
// pthread_exit (glibc runs key destructors then, not on exit()). A forked
// child keeps the keys, and the value of the thread that forked it only.
pthread_key_t main_exit_key{};
bool main_exit_key_made = false;

// A child of the calling thread that has not ended (waitid without
// reaping: its status stays for its child_process). ECHILD: ended and
// reaped already, or its pid is no longer this thread's child.
bool child_still_runs(pid_t pid) noexcept
{
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT | __WNOTHREAD) == 0 &&
           info.si_pid == 0;
}

void prune_direct_children(direct_children& c) noexcept
{
    const pid_t* const end =
        std::remove_if(c.pids, c.pids + *c.size, [](pid_t pid) { return !child_still_runs(pid); });
    *c.size = static_cast<std::size_t>(end - c.pids);
    c.prune_at = std::max<std::size_t>(16, 2 * *c.size);
}

// main_exit_key's destructor. The children would get PDEATHSIG (SIGKILL) as
// the main thread ends: it waits until each has ended, so they live as long
// as they would have under the spawner thread.
void wait_for_direct_children(void*) noexcept
{
    if (main_children.size == nullptr)
        return;
    for (const pid_t pid : std::span(main_children.pids, *main_children.size)) {
        siginfo_t info{};
        while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT | __WNOTHREAD) < 0 &&
               errno == EINTR) {
        }
    }
    *main_children.size = 0;
}

// A forked child's forking thread is its main thread, with no child yet: its
// list is empty (zero already where the kernel has MADV_WIPEONFORK).
const bool hooks = register_fork_hooks(nullptr, nullptr, [] {
    if (main_children.size != nullptr && *main_children.size != 0)
        *main_children.size = 0;
});

} // namespace

spawned_process fork_here(child_body body, void* context)
{
    (void)hooks;
    direct_children& c = main_children;
    if (c.size != nullptr && *c.size >= c.prune_at)
        prune_direct_children(c);
    reserve_one_more(c);
    if (!main_exit_key_made) {
        if (const int e = ::pthread_key_create(&main_exit_key, &wait_for_direct_children); e != 0)
            throw std::system_error(e, std::system_category(), "freethreading: pthread_key_create");
        main_exit_key_made = true;
    }
    if (::pthread_getspecific(main_exit_key) == nullptr)
        if (const int e = ::pthread_setspecific(main_exit_key, &c); e != 0)
            throw std::system_error(e, std::system_category(), "freethreading: pthread_setspecific");
    flush_pending_output();
    const pid_t pid = fork_child(body, context, nullptr);
    if (pid < 0)
        throw std::system_error(errno, std::system_category(), "freethreading: fork failed");
    c.pids[(*c.size)++] = pid;
    spawned_process result{pid, -1};
    int error = 0;
    result.pidfd = watch_child(pid, error);
    if (error != 0)
        fail_unwatched(pid, error);
    return result;
}

} // namespace freethreading::detail
