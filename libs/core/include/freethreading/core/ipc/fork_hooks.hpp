//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_FORK_HOOKS_HPP
#define FREETHREADING_CORE_IPC_FORK_HOOKS_HPP

#include <freethreading/core/config.hpp>

#include <cstdint>

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
