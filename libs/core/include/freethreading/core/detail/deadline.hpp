//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_DEADLINE_HPP
#define FREETHREADING_CORE_DETAIL_DEADLINE_HPP

// Timed forms follow the standard (DESIGN §4.1 "Waiting"): a zero or negative
// duration tries once; `_until` accepts any clock and is converted once to
// steady_clock; waits restart after signals with the time left because every
// wait sleeps until an absolute steady_clock deadline.

#include <chrono>
#include <optional>

namespace freethreading::detail {

using steady_time = std::chrono::steady_clock::time_point;

/** `now + d`, saturating at the clock's end (a `duration::max()` wait is a
    wait forever, never an overflow into the past). */
template <class Rep, class Period>
steady_time deadline_after(const std::chrono::duration<Rep, Period>& d)
{
    using namespace std::chrono;
    const steady_time now = steady_clock::now();
    if (d <= d.zero())
        return now;
    if (d >= duration_cast<duration<Rep, Period>>(steady_time::max() - now))
        return steady_time::max();
    return now + ceil<steady_clock::duration>(d);
}

/** The same instant on steady_clock, read once. */
template <class Clock, class Duration>
    requires std::chrono::is_clock_v<Clock>
steady_time to_steady(const std::chrono::time_point<Clock, Duration>& t)
{
    if constexpr (std::is_same_v<Clock, std::chrono::steady_clock>)
        return std::chrono::time_point_cast<std::chrono::steady_clock::duration>(t);
    else
        return deadline_after(t - Clock::now());
}

/** Absent for `steady_time::max()`: the futex layer's "forever". */
inline std::optional<steady_time> as_futex_deadline(steady_time t) noexcept
{
    if (t == steady_time::max())
        return std::nullopt;
    return t;
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_DEADLINE_HPP
