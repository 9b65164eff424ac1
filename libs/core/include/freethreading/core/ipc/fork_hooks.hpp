//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_FORK_HOOKS_HPP
#define FREETHREADING_CORE_IPC_FORK_HOOKS_HPP

#include <freethreading/core/config.hpp>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <new>
#include <utility>

namespace freethreading::detail {

using fork_hook = void (*)();

/** Registers one set of `pthread_atfork` handlers of the library.

    `prepare` hooks run before every `fork()` in the reverse order of
    registration (so a module registered later, which may call into an earlier
    one, locks first); `parent` and `child` hooks run after it in order. Every
    library-global lock is taken in `prepare` and released in both others, so
    no internal lock is ever held across a fork by another thread. Hooks must
    not allocate in `child`. Returns true, so a namespace-scope constant can
    register at load time.
*/
FREETHREADING_CORE_DECL bool register_fork_hooks(fork_hook prepare, fork_hook parent,
                                                 fork_hook child) noexcept;

/** Storage for per-process library state that a forked child starts afresh
    (the mutexes the fork hooks hold across `fork()`, per-process counters):
    its pages are `MADV_WIPEONFORK`, so a child finds them zero-filled, and a
    fork leaves them writable in the parent. A fork write-protects every
    other private page, and the parent's first write to each afterwards
    costs a copy-on-write fault (what one costs: doc/design-notes.md, "Fork
    cost is page faults here"): the fork hooks lock their mutexes before
    each fork and unlock them after it, so in ordinary memory those pages
    faulted twice per worker started. A bump allocator over whole pages,
    never freed. Where the kernel lacks `MADV_WIPEONFORK` the pages are
    ordinary memory (slower, equally right: child hooks re-initialise what
    they keep there either way).
    @throws std::bad_alloc, std::invalid_argument for more than a page. */
FREETHREADING_CORE_DECL void* fork_fresh_storage(std::size_t bytes, std::size_t align);

/** A `T` made in fork_fresh_storage, never destroyed. */
template <class T, class... Args>
T& make_fork_fresh(Args&&... args)
{
    return *::new (fork_fresh_storage(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
}

/** A library-global mutex that fork hooks hold across `fork()`: `prepare`
    locks it, `parent` unlocks it, and `child` re-initialises it with
    reset_fork_guard (a zero-filled page is not an object to unlock). */
inline std::mutex& make_fork_guard()
{
    return make_fork_fresh<std::mutex>();
}

inline void reset_fork_guard(std::mutex& m) noexcept
{
    ::new (static_cast<void*>(&m)) std::mutex;
}

/** Registers the hooks of the fork guard that `Guard()` returns: locked
    before every fork, unlocked after it in the parent, made afresh in the
    child. For a guard whose hooks do nothing else. */
template <std::mutex& (*Guard)()>
bool register_fork_guard() noexcept
{
    return register_fork_hooks([] { Guard().lock(); }, [] { Guard().unlock(); },
                               [] { reset_fork_guard(Guard()); });
}

/** The calling process's id, cached (glibc's `getpid()` is a system call);
    refreshed in every forked child. */
FREETHREADING_CORE_DECL std::int32_t this_process_id() noexcept;

/** The cache behind `this_thread_id()`: 0 until first read, reset in a
    forked child. `constinit`, so reading it from a header costs one load. */
extern FREETHREADING_CORE_DECL constinit thread_local std::int32_t this_thread_id_cache;

/** Reads the calling thread's kernel id into the cache. */
FREETHREADING_CORE_DECL std::int32_t refresh_this_thread_id() noexcept;

/** The calling thread's kernel id, cached per thread; refreshed in a forked
    child. */
inline std::int32_t this_thread_id() noexcept
{
    const std::int32_t id = this_thread_id_cache;
    return FREETHREADING_LIKELY(id != 0) ? id : refresh_this_thread_id();
}

/** Counts the forks that led to this process: 0 in the original, one more in
    each generation of children. Used to detect objects carried across a fork. */
FREETHREADING_CORE_DECL std::uint32_t fork_generation() noexcept;

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_FORK_HOOKS_HPP
