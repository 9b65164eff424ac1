//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_TIMING_HPP
#define FREETHREADING_TEST_TIMING_HPP

// Time in tests: one clock for every process, bounded polling, and the
// bounds a timed call is checked against.

#include <chrono>
#include <cstdint>
#include <thread>

namespace freethreading_test {

using std::chrono::steady_clock;

/** steady_clock is CLOCK_MONOTONIC: one time line for every process, so a
    child can stamp a time the parent compares. */
inline std::int64_t now_ns()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

/** The time since `start`, in milliseconds (printable by Boost.Test). */
inline std::chrono::milliseconds since(steady_clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - start);
}

/** Polls `done()` every millisecond for at most `limit`; false if it never held. */
template <class F>
bool eventually(F done, steady_clock::duration limit = std::chrono::seconds(5))
{
    const auto end = steady_clock::now() + limit;
    while (!done()) {
        if (steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

/** How late a timed call may return on this loaded 2-vCPU VM and still pass. */
inline constexpr std::chrono::milliseconds timing_slack{500};

} // namespace freethreading_test

#endif // FREETHREADING_TEST_TIMING_HPP
