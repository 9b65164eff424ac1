//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/ipc/fork_hooks.hpp>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <pthread.h>
#include <stdio_ext.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace freethreading::detail {

namespace {

struct hook_set
{
    fork_hook prepare;
    fork_hook parent;
    fork_hook child;
};

// A fixed table: registration happens at load time, and the handlers must
// not allocate. Sixteen sets cover every module with room to spare.
constexpr std::size_t max_hook_sets = 16;
std::array<hook_set, max_hook_sets> hook_sets{};
std::atomic<std::size_t> hook_count{0};

std::atomic<std::int32_t> cached_pid{0};
std::atomic<std::uint32_t> generation{0};

void run_prepare() noexcept
{
    for (std::size_t i = hook_count.load(std::memory_order_acquire); i-- > 0;)
        if (hook_sets[i].prepare != nullptr)
            hook_sets[i].prepare();
}

void run_parent() noexcept
{
    const std::size_t n = hook_count.load(std::memory_order_acquire);
    for (std::size_t i = 0; i < n; ++i)
        if (hook_sets[i].parent != nullptr)
            hook_sets[i].parent();
}

void run_child() noexcept
{
    // The child's stdio buffers hold the parent's unflushed output, which
    // the parent writes itself; written again here it would appear twice.
    ::__fpurge(stdout);
    ::__fpurge(stderr);
    cached_pid.store(static_cast<std::int32_t>(::getpid()), std::memory_order_relaxed);
    this_thread_id_cache = 0;
    generation.fetch_add(1, std::memory_order_relaxed);
    const std::size_t n = hook_count.load(std::memory_order_acquire);
    for (std::size_t i = 0; i < n; ++i)
        if (hook_sets[i].child != nullptr)
            hook_sets[i].child();
}

std::once_flag atfork_once;

} // namespace

bool register_fork_hooks(fork_hook prepare, fork_hook parent, fork_hook child) noexcept
{
    std::call_once(atfork_once, [] {
        if (::pthread_atfork(run_prepare, run_parent, run_child) != 0)
            std::abort(); // ENOMEM at load time: nothing sensible to do
    });
    static std::mutex registration;
    std::lock_guard<std::mutex> guard(registration);
    const std::size_t i = hook_count.load(std::memory_order_relaxed);
    if (i == max_hook_sets)
        std::abort(); // a library bug: raise max_hook_sets
    hook_sets[i] = hook_set{prepare, parent, child};
    hook_count.store(i + 1, std::memory_order_release);
    return true;
}

std::int32_t this_process_id() noexcept
{
    std::int32_t pid = cached_pid.load(std::memory_order_relaxed);
    if (FREETHREADING_UNLIKELY(pid == 0)) {
        pid = static_cast<std::int32_t>(::getpid());
        cached_pid.store(pid, std::memory_order_relaxed);
    }
    return pid;
}

constinit thread_local std::int32_t this_thread_id_cache = 0;

std::int32_t refresh_this_thread_id() noexcept
{
    this_thread_id_cache = static_cast<std::int32_t>(::gettid());
    return this_thread_id_cache;
}

std::uint32_t fork_generation() noexcept
{
    return generation.load(std::memory_order_relaxed);
}

} // namespace freethreading::detail
