//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/ipc/process_spawner.hpp>
#include <freethreading/core/detail/embedded_python.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>
#include <freethreading/core/ipc/futex.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <new>
#include <ostream>
#include <pthread.h>
#include <sched.h>
#include <span>
#include <stdio_ext.h>
#include <streambuf>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace freethreading::detail {

namespace {

// What a stream buffer holds unwritten. A member of a class derived from
// std::streambuf may name the protected pptr() and pbase() through its own
// class and so apply them to any stream buffer.
struct put_area : std::streambuf
{
    static bool pending(std::streambuf* b) noexcept
    {
        constexpr auto next = &put_area::pptr;
        constexpr auto start = &put_area::pbase;
        return b != nullptr && (b->*next)() != (b->*start)();
    }
};

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
[[noreturn]] void fail_unwatched(pid_t pid, int error)
{
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    throw std::system_error(error, std::system_category(), "freethreading: pidfd_open of a new worker process failed");
}

// One request at a time: the caller fills it and waits; the spawner thread
// forks and answers. The spawner is never destroyed (daemon threads may
// start processes while the program exits). The hand-off is two futex words
// rather than a condition variable: waiting on one writes nothing but the
// word (no cancellation state, no cleanup records on the stack), and every
// page written right after a fork costs a copy-on-write fault.
//
// The spawner runs on the caller's CPU. The caller sleeps while the spawner
// forks, so that CPU is free; a spawner left on another, idle CPU must be
// woken there, which cost a start several times more than on the caller's
// CPU, where the wake-up is a local context switch and the page tables the
// fork copies are in that CPU's caches (doc/design-notes.md, worker, has the
// measurements). The child then takes the
// caller's CPU affinity, as a fork made by the caller would give it.
struct spawner
{
    std::atomic<std::uint32_t> requests{0}; // requests made (the caller's word)
    std::atomic<std::uint32_t> answers{0};  // requests answered (the spawner's word)
    child_body body = nullptr;
    void* context = nullptr;
    cpu_set_t caller_cpus;     // the caller's affinity, for the child
    bool caller_cpus_known = false;
    spawned_process result;
    int error = 0;
    std::mutex serialize; // one caller at a time
    pthread_t thread;
    int pinned_cpu = -1; // the one CPU the spawner may run on, or -1

    spawner()
    {
        std::thread t([this] { run(); });
        thread = t.native_handle();
        t.detach();
    }

    // Takes the caller's affinity and moves the spawner to the caller's CPU.
    // Without the caller's mask (a system with more CPUs than cpu_set_t
    // holds) the spawner is never pinned, so no child can inherit a pin.
    void follow_caller() noexcept
    {
        caller_cpus_known = ::pthread_getaffinity_np(::pthread_self(), sizeof caller_cpus, &caller_cpus) == 0;
        const int cpu = ::sched_getcpu();
        if (!caller_cpus_known || cpu < 0 || cpu >= CPU_SETSIZE || cpu == pinned_cpu)
            return;
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        // A refusal (a cpuset that excludes that CPU) only costs speed.
        pinned_cpu = ::pthread_setaffinity_np(thread, sizeof one, &one) == 0 ? cpu : -1;
    }

    void run()
    {
        // Named for top -H, ps and gdb (the library's threads are "ft-…").
        ::pthread_setname_np(::pthread_self(), "ft-spawner");
        for (std::uint32_t answered = 0;; ) {
            while (requests.load(std::memory_order_acquire) == answered)
                (void)futex_wait(requests, answered, false);
            fork_once();
            answers.store(++answered, std::memory_order_release);
            (void)futex_wake(answers, INT_MAX, false);
        }
    }

    void fork_once()
    {
        flush_pending_output();
        // With an embedded CPython this thread forks as a Python thread
        // would: holding the GIL (a thread state of its own, made here: the
        // caller released the GIL while it waits, spawn_process) and between
        // PyOS_BeforeFork and PyOS_AfterFork_*, which take the interpreter's
        // fork locks and reset its state in the child.
        const embedded_python py = find_embedded_python();
        const bool python = py.can_fork_with_hooks();
        int gil = 0;
        if (python) {
            gil = py.gil_ensure();
            py.before_fork();
        }
        // The child must not read this object after the fork: it is in a
        // shared page, where the parent prepares its next request.
        struct python_child
        {
            child_body body;
            void* context;
            const embedded_python* py;
            int gil;
            static void run(void* self) noexcept
            {
                const auto& c = *static_cast<const python_child*>(self);
                c.py->after_fork_child();
                c.py->gil_release(c.gil); // the child's body is C++: it runs without the GIL
                c.body(c.context);
                ::_exit(127);
            }
        } child{body, context, &py, gil};
        const cpu_set_t cpus = caller_cpus;
        const pid_t pid = python ? fork_child(&python_child::run, &child, caller_cpus_known ? &cpus : nullptr)
                                 : fork_child(body, context, caller_cpus_known ? &cpus : nullptr);
        const int fork_errno = errno;
        if (python) {
            py.after_fork_parent();
            py.gil_release(gil);
        }
        if (pid < 0) {
            error = fork_errno;
            return;
        }
        result.pid = pid;
        result.pidfd = watch_child(pid, error);
    }
};

std::atomic<spawner*> current{nullptr};
std::mutex creation;

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

// A forked child has no spawner thread: it makes its own on first use (the
// parent's object, whose mutex the forking thread held, is abandoned). Its
// forking thread is its main thread, with no child yet: its list is empty.
const bool hooks = register_fork_hooks(nullptr, nullptr, [] {
    current.store(nullptr, std::memory_order_relaxed);
    ::new (&creation) std::mutex;
    // Zero already where the kernel has MADV_WIPEONFORK.
    if (main_children.size != nullptr && *main_children.size != 0)
        *main_children.size = 0;
});

spawned_process fork_here(child_body body, void* context)
{
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

spawner& the_spawner()
{
    (void)hooks;
    if (spawner* s = current.load(std::memory_order_acquire))
        return *s;
    std::lock_guard<std::mutex> guard(creation);
    if (spawner* s = current.load(std::memory_order_relaxed))
        return *s;
    // In a page of its own, mapped shared: after every fork the kernel
    // write-protects a process's private pages, and the hand-off between
    // the caller and the spawner thread would write this object right after
    // each fork, taking a copy-on-write fault (costly on this project's VMs:
    // doc/design-notes.md) every time. Writes to a shared page never fault;
    // a child never touches its parent's spawner (see the fork hook above).
    void* page = ::mmap(nullptr, sizeof(spawner), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED)
        throw std::system_error(errno, std::system_category(), "freethreading: mmap of the process spawner");
    auto* s = ::new (page) spawner;
    current.store(s, std::memory_order_release);
    return *s;
}

} // namespace

// The main thread forks itself (DESIGN §6 departure, doc/design-notes.md
// "Forks from the main thread"): the main thread lives as long as the
// program, as the spawner thread does, unless it ends with pthread_exit,
// for which wait_for_direct_children keeps its children alive. The hand-off
// to the spawner costs two wake-ups, and its fork, from a process whose
// other thread has just run on another CPU, a TLB shoot-down there: together
// most of a start (doc/design-notes.md, worker). With an embedded CPython
// the spawner forks, as it knows how to hold the GIL around the fork.
bool spawn_process_forks_here() noexcept
{
    return this_thread_id() == this_process_id() && !find_embedded_python().can_fork_with_hooks();
}

// The standard streams synchronized with stdio (the default) have no buffer
// of their own: their output waits in stdout's.
void flush_pending_output()
{
    for (std::ostream* os : {&std::cout, &std::cerr, &std::clog})
        if (put_area::pending(os->rdbuf()))
            os->flush();
    for (std::FILE* f : {stdout, stderr})
        if (::__fpending(f) != 0)
            std::fflush(f);
}

spawned_process spawn_process(child_body body, void* context)
{
    if (spawn_process_forks_here())
        return fork_here(body, context);
    spawner& s = the_spawner();
    // A caller holding CPython's GIL lets it go while it waits: the spawner
    // thread takes it to fork (spawner::fork_once), as any other Python
    // thread would while this one blocks.
    const embedded_python py = find_embedded_python();
    void* const python_thread = py.can_fork_with_hooks() && py.gil_check() != 0 ? py.save_thread() : nullptr;
    struct restore_gil
    {
        const embedded_python& py;
        void* thread;
        ~restore_gil()
        {
            if (thread != nullptr)
                py.restore_thread(thread);
        }
    } const reacquire{py, python_thread};
    std::lock_guard<std::mutex> one_at_a_time(s.serialize);
    s.body = body;
    s.context = context;
    s.result = spawned_process{};
    s.error = 0;
    s.follow_caller();
    const std::uint32_t request = s.requests.load(std::memory_order_relaxed) + 1;
    s.requests.store(request, std::memory_order_release);
    (void)futex_wake(s.requests, 1, false);
    for (std::uint32_t answered; (answered = s.answers.load(std::memory_order_acquire)) != request;)
        (void)futex_wait(s.answers, answered, false);
    if (s.error != 0) {
        if (s.result.pid > 0)
            fail_unwatched(s.result.pid, s.error);
        throw std::system_error(s.error, std::system_category(), "freethreading: fork failed");
    }
    return s.result;
}

} // namespace freethreading::detail
