//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_DETAIL_BASIC_EVENT_HPP
#define FREETHREADING_SYNC_DETAIL_BASIC_EVENT_HPP

#include <freethreading/sync/detail/config.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/domain.hpp>
#include <freethreading/core/detail/state_handle.hpp>
#include <freethreading/core/detail/word_wait.hpp>

#include <freethreading/core/ipc/handle_table.hpp>

#include <chrono>
#include <climits>

namespace freethreading::detail {

struct event_state : shared_object_header
{
    waitable_word flag; // 0: clear, 1: set
};

/** Waits until the flag is set or `deadline` passes. */
FREETHREADING_SYNC_DECL bool event_wait_slow(event_state& s, bool shared, steady_time deadline);

/** A flag that threads or processes wait for (Python's `Event`), in the
    domain `Domain` (DESIGN §3).

    @par Thread Safety
    Every member may be called concurrently. A `set()` happens-before every
    `wait` that returns true because of it.
*/
template <class Domain>
class basic_event
{
public:
    basic_event() : state_(std::in_place) {}

    /** Sets the flag and wakes every waiter. */
    void set() noexcept
    {
        event_state& s = *state_.get();
        if (s.flag.value.exchange(1, std::memory_order_seq_cst) == 0)
            s.flag.wake(INT_MAX, state_.is_shared());
    }

    /** Clears the flag; later waits block until the next `set()`. */
    void clear() noexcept { state_.get()->flag.value.store(0, std::memory_order_relaxed); }

    /** True while the flag is set. */
    bool is_set() const noexcept { return state_.get()->flag.value.load(std::memory_order_acquire) != 0; }

    /** Waits until the flag is set. */
    void wait() { (void)wait_until(steady_time::max()); }

    /** Waits at most `d`; returns the flag (false on timeout). */
    template <class Rep, class Period>
    bool wait_for(const std::chrono::duration<Rep, Period>& d)
    {
        return is_set() || event_wait_slow(*state_.get(), state_.is_shared(), deadline_after(d));
    }

    /** Waits until `t` at most; returns the flag (false on timeout). */
    template <class Clock, class Duration>
    bool wait_until(const std::chrono::time_point<Clock, Duration>& t)
    {
        return is_set() || event_wait_slow(*state_.get(), state_.is_shared(), to_steady(t));
    }

    friend bool operator==(const basic_event&, const basic_event&) = default;

private:
    friend struct access;

    /** For the codec (DESIGN §3: encoding takes a reference). */
    const state_handle<event_state, Domain>& state() const noexcept { return state_; }

    /** Adopts a state decoded from a record (the codec's constructor). */
    basic_event(adopt_state_t, state_handle<event_state, Domain> s) noexcept : state_(std::move(s)) {}

    state_handle<event_state, Domain> state_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_SYNC_DETAIL_BASIC_EVENT_HPP
