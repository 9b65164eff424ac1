//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/detail/word_wait.hpp>

#include <freethreading/core/ipc/futex.hpp>

namespace freethreading::detail {

bool waitable_word::sleep_while(std::uint32_t expected, bool shared, steady_time deadline)
{
    // An untimed sleep reads no clock; a past deadline is the kernel's to see
    // (an absolute FUTEX_WAIT_BITSET timeout in the past returns at once).
    if (deadline != steady_time::max() && deadline <= std::chrono::steady_clock::now())
        return false;
    sleepers.fetch_add(1, std::memory_order_seq_cst);
    futex_status status = futex_status::value_changed;
    if (value.load(std::memory_order_seq_cst) == expected)
        status = futex_wait(value, expected, shared, as_futex_deadline(deadline));
    sleepers.fetch_sub(1, std::memory_order_relaxed);
    return status != futex_status::timed_out;
}

void waitable_word::wake_slow(int count, bool shared) noexcept
{
    futex_wake(value, count, shared);
}

} // namespace freethreading::detail
