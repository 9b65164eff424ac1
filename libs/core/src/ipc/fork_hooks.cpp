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
#include <stdexcept>
#include <stdio_ext.h>
#include <string>
#include <sys/mman.h>
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

std::size_t page_size() noexcept
{
    static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return page;
}

// The bump allocator of fork_fresh_storage, at the start of its first page
// (so a child finds it zero-filled too, and starts a page of its own).
struct fresh_pages
{
    std::mutex mutex;
    std::byte* current = nullptr; // the page being filled
    std::size_t used = 0;         // bytes of it in use
};

fresh_pages* fresh = nullptr; // the allocator, once made

void* new_fresh_page()
{
    void* p = ::mmap(nullptr, page_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw std::bad_alloc();
    (void)::madvise(p, page_size(), MADV_WIPEONFORK); // EINVAL before Linux 4.14: ordinary memory
    return p;
}

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
    // Usually there is none (the library flushes before its forks): then
    // the streams are left unwritten, and their pages uncopied.
    for (std::FILE* f : {stdout, stderr})
        if (::__fpending(f) != 0)
            ::__fpurge(f);
    cached_pid.store(static_cast<std::int32_t>(::getpid()), std::memory_order_relaxed);
    this_thread_id_cache = 0;
    generation.fetch_add(1, std::memory_order_relaxed);
    if (fresh != nullptr) {
        // Zero-filled (or, without MADV_WIPEONFORK, copied while a thread
        // that is not here may have held it): made afresh, on a new page.
        reset_fork_guard(fresh->mutex);
        fresh->current = nullptr;
    }
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

void* fork_fresh_storage(std::size_t bytes, std::size_t align)
{
    const std::size_t page = page_size();
    if (bytes > page - sizeof(fresh_pages) || align > alignof(std::max_align_t) || align == 0 ||
        (align & (align - 1)) != 0)
        throw std::invalid_argument("freethreading: fork_fresh_storage of " + std::to_string(bytes) +
                                    " bytes aligned to " + std::to_string(align));
    static fresh_pages* const first = [] {
        void* p = new_fresh_page();
        auto* h = ::new (p) fresh_pages;
        h->current = static_cast<std::byte*>(p);
        h->used = sizeof(fresh_pages);
        fresh = h;
        return h;
    }();
    std::lock_guard<std::mutex> guard(first->mutex);
    std::size_t at = (first->used + align - 1) & ~(align - 1);
    if (first->current == nullptr || at + bytes > page) { // a forked child's first call, or the page is full
        first->current = static_cast<std::byte*>(new_fresh_page());
        at = 0;
    }
    first->used = at + bytes;
    return first->current + at;
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
