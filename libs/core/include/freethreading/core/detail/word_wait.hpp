//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_WORD_WAIT_HPP
#define FREETHREADING_CORE_DETAIL_WORD_WAIT_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/detail/deadline.hpp>

#include <atomic>
#include <cstdint>

namespace freethreading::detail {

/** A futex word plus a count of the threads sleeping on it, so that a
    waker makes a system call only when somebody sleeps (DESIGN §6: "wakes
    happen only when a waiter bit is set"). The counter is on the same cache
    line: waker and sleeper touch both anyway. */
struct waitable_word
{
    std::atomic<std::uint32_t> value{0};
    std::atomic<std::uint32_t> sleepers{0};

    /** Sleeps once while `value == expected`, until woken or `deadline`;
        returns false when the deadline passed. Callers loop on their own
        condition: a return does not mean it holds. */
    FREETHREADING_CORE_DECL bool sleep_while(std::uint32_t expected, bool shared, steady_time deadline);

    /** Wakes up to `count` sleepers if there are any. Call after the store
        that changes the condition, which must be seq_cst (on x86 a seq_cst
        read-modify-write costs what an acq_rel one does). */
    void wake(int count, bool shared) noexcept
    {
        // Store-then-load on one side, increment-then-load on the other: with
        // all four seq_cst, either the sleeper sees the caller's store or the
        // caller sees its increment. A weaker store would let this load be
        // satisfied first and leave a sleeper asleep.
        if (sleepers.load(std::memory_order_seq_cst) != 0)
            wake_slow(count, shared);
    }

    FREETHREADING_CORE_DECL void wake_slow(int count, bool shared) noexcept;
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_WORD_WAIT_HPP
