//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_SRC_RING_BACKOFF_SPIN_HPP
#define FREETHREADING_CORE_SRC_RING_BACKOFF_SPIN_HPP

#include <freethreading/core/detail/cpu_relax.hpp>
#include <freethreading/core/detail/deadline.hpp>

#include <algorithm>
#include <chrono>

namespace freethreading::detail {

/** How long a waiter of a ring shared between processes sleeps before it
    looks again. The process whose change it waits for makes the wake-up call
    after the change, and may be killed in between: a consumer that took the
    slot a producer sleeps on, a producer that published the record a
    consumer sleeps on with no other producer to take its lock. The change
    is there, and the sleeper sees it within a slice, not at its deadline
    (never, for a wait without one). A claim whose owner may be dead is
    looked at again as often. */
inline constexpr std::chrono::milliseconds recheck_slice{20};

/** The end of one sleep of a waiter that must be woken by `deadline`: the
    next `recheck_slice` if the ring is `shared`. */
inline steady_time sleep_until(steady_time deadline, bool shared)
{
    return shared ? std::min(deadline, std::chrono::steady_clock::now() + recheck_slice) : deadline;
}

/** The short spin both rings make before a waiter sleeps: 512 PAUSEs in
    all, calling `changed()` after 64 and then every 128. When the other side
    is running, its next item (or room) is usually much nearer than a sleep
    and a wake-up cost both sides. The caller has just looked, and looking
    again soon would only pull the line away from its writer: the first gap
    lets the other side get some lines ahead, so that a side that outruns the
    other takes items (or room) in batches, from lines the other has finished
    with, instead of one line transfer per item (doc/design-notes.md, queue,
    "Waking", has the measurements). True as soon as `changed()` is. */
template <class F>
bool backoff_spin(F changed)
{
    for (int spun = 0, gap = 64; spun < 512; spun += gap, gap = gap < 128 ? gap * 2 : gap) {
        for (int i = 0; i < gap; ++i)
            cpu_relax();
        if (changed())
            return true;
    }
    return false;
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_SRC_RING_BACKOFF_SPIN_HPP
