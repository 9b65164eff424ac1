//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_LOCK_CORE_HPP
#define FREETHREADING_CORE_DETAIL_LOCK_CORE_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/detail/deadline.hpp>

#include <freethreading/core/ipc/fork_hooks.hpp>
#include <freethreading/core/ipc/robust_word.hpp>

#include <atomic>
#include <cstdint>

namespace freethreading::detail {

/** The lock word of every owned lock (mutex, recursive_mutex, the locks
    inside conditions and barriers), for both places a state can live.

    In shared memory it is a `robust_word`: the owner's liveness slot in the
    word, owner death reported to exactly one acquirer (DESIGN §4.2). In
    process it is a word holding the owner's kernel thread id and a waiters
    bit (DESIGN §3 "Fast paths"): one compare-and-swap to lock, one exchange
    to unlock, and the owner check for `unlock` costs one load. A state uses
    one of the two; `shared` says which, fixed when the state is made.
*/
struct lock_core
{
    static constexpr std::uint32_t waiters_bit = 0x80000000u;

    robust_word robust;
    std::atomic<std::uint32_t> local{0};

    /** `acquired`, or `owner_died` (shared only: the caller holds the lock). */
    acquire_result lock(bool shared)
    {
        if (shared)
            return robust.lock();
        std::uint32_t expected = 0;
        if (FREETHREADING_LIKELY(local.compare_exchange_strong(expected, self(), std::memory_order_acquire,
                                                               std::memory_order_relaxed)))
            return acquire_result::acquired;
        return local_lock_slow(steady_time::max());
    }

    acquire_result try_lock(bool shared)
    {
        if (shared)
            return robust.try_lock();
        std::uint32_t expected = 0;
        return local.compare_exchange_strong(expected, self(), std::memory_order_acquire, std::memory_order_relaxed)
                   ? acquire_result::acquired
                   : acquire_result::timed_out;
    }

    acquire_result try_lock_until(bool shared, steady_time deadline)
    {
        if (shared)
            return robust.try_lock_until(deadline);
        std::uint32_t expected = 0;
        if (FREETHREADING_LIKELY(local.compare_exchange_strong(expected, self(), std::memory_order_acquire,
                                                               std::memory_order_relaxed)))
            return acquire_result::acquired;
        return local_lock_slow(deadline);
    }

    /** Requires: the caller holds the lock. */
    void unlock(bool shared) noexcept
    {
        if (shared)
            return robust.unlock();
        if (FREETHREADING_UNLIKELY((local.exchange(0, std::memory_order_release) & waiters_bit) != 0))
            local_wake_one();
    }

    bool held_by_caller(bool shared) const noexcept
    {
        if (shared)
            return robust.held_by_caller();
        return (local.load(std::memory_order_relaxed) & ~waiters_bit) == self();
    }

    bool locked(bool shared) const noexcept
    {
        return shared ? robust.locked() : local.load(std::memory_order_relaxed) != 0;
    }

private:
    static std::uint32_t self() noexcept { return static_cast<std::uint32_t>(this_thread_id()); }

    FREETHREADING_CORE_DECL acquire_result local_lock_slow(steady_time deadline);
    FREETHREADING_CORE_DECL void local_wake_one() noexcept;
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_LOCK_CORE_HPP
