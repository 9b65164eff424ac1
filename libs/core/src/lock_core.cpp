//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/detail/lock_core.hpp>

#include <freethreading/core/detail/cpu_relax.hpp>
#include <freethreading/core/ipc/futex.hpp>

#include <stdexcept>

namespace freethreading::detail {

acquire_result lock_core::local_lock_slow(steady_time deadline)
{
    const std::uint32_t me = self();
    // A short spin first: an in-process critical section is often shorter
    // than the cost of sleeping.
    for (int spin = 0; spin < 64; ++spin) {
        std::uint32_t v = local.load(std::memory_order_relaxed);
        if (v == 0 && local.compare_exchange_weak(v, me, std::memory_order_acquire, std::memory_order_relaxed))
            return acquire_result::acquired;
        if ((v & ~waiters_bit) == me) {
            // Waiting for ourselves: a timed attempt fails now, a blocking one
            // would never return.
            if (deadline != steady_time::max())
                return acquire_result::timed_out;
            throw std::logic_error("freethreading::mutex::lock: the calling thread already holds this "
                                   "lock (use recursive_mutex to lock it again)");
        }
        cpu_relax();
    }
    for (;;) {
        // Take it free, or mark that a waiter sleeps. Once a waiter has slept,
        // it takes the lock with the bit set: other sleepers may remain.
        std::uint32_t v = local.load(std::memory_order_relaxed);
        if ((v & ~waiters_bit) == 0) {
            if (local.compare_exchange_weak(v, me | waiters_bit, std::memory_order_acquire,
                                            std::memory_order_relaxed))
                return acquire_result::acquired;
            continue;
        }
        if ((v & waiters_bit) == 0 &&
            !local.compare_exchange_weak(v, v | waiters_bit, std::memory_order_relaxed, std::memory_order_relaxed))
            continue;
        const auto status = futex_wait(local, v | waiters_bit, false, as_futex_deadline(deadline));
        if (status == futex_status::timed_out) {
            v = 0;
            if (local.compare_exchange_strong(v, me, std::memory_order_acquire, std::memory_order_relaxed))
                return acquire_result::acquired;
            return acquire_result::timed_out;
        }
    }
}

void lock_core::local_wake_one() noexcept
{
    futex_wake(local, 1, false);
}

} // namespace freethreading::detail
