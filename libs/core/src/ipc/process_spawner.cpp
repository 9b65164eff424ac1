//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "fork_child.hpp"

#include <freethreading/core/detail/embedded_python.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>
#include <freethreading/core/ipc/futex.hpp>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <new>
#include <ostream>
#include <pthread.h>
#include <sched.h>
#include <stdio_ext.h>
#include <streambuf>
#include <sys/mman.h>
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

// A forked child has no spawner thread: it makes its own on first use (the
// parent's object, whose mutex the forking thread held, is abandoned).
const bool hooks = register_fork_hooks(nullptr, nullptr, [] {
    current.store(nullptr, std::memory_order_relaxed);
    ::new (&creation) std::mutex;
});

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
// "Forks from the main thread"; fork_child.cpp): the main thread lives as
// long as the program, as the spawner thread does, unless it ends with
// pthread_exit, for which it waits for its children. The hand-off
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
