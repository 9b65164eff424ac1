//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_DETAIL_BASIC_STOP_TOKEN_HPP
#define FREETHREADING_SYNC_DETAIL_BASIC_STOP_TOKEN_HPP

#include <freethreading/sync/detail/config.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/domain.hpp>
#include <freethreading/core/detail/state_handle.hpp>
#include <freethreading/core/detail/word_wait.hpp>

#include <freethreading/core/ipc/handle_table.hpp>

#include <chrono>
#include <concepts>
#include <optional>
#include <stop_token>
#include <utility>

namespace freethreading::detail {

struct stop_state : shared_object_header
{
    waitable_word requested; // 0 until a stop is requested, then 1 for good
    // In-process states only: the standard stop state that tokens convert to,
    // requested together with `requested`. Elsewhere it holds no state, so it
    // is a null pointer that every process may destroy.
    std::stop_source local{std::nostopstate};
};

/** A stop state handle that may be empty (a default-constructed token, a
    source made with `std::nostopstate`). */
template <class Domain>
using optional_stop_state = std::optional<state_handle<stop_state, Domain>>;

/** Waits until a stop is requested on `s` or `deadline` passes; a null `s`
    (no stop state) can never be stopped and sleeps until the deadline. */
FREETHREADING_SYNC_DECL bool stop_wait_slow(stop_state* s, bool shared, steady_time deadline);

template <class Domain>
class basic_stop_source;

/** The observer side of a stop request: the interface of `std::stop_token`,
    in the domain `Domain` (DESIGN §3, §4).

    A token is a handle: copies, and every token of the same source, share
    one stop state. A default-constructed token has none. In shared memory
    the state is in the segment, so a `request_stop()` in any process is seen
    by the tokens of every process forked after the state was made.

    Differences from `std::stop_token`: `stop_possible()` is true for as long
    as the token has a state (whether or not a source is still alive: sources
    in other processes cannot be counted), and there are no stop callbacks of
    its own (wait, or convert a `threading::` token). Extensions:
    `wait_for` / `wait_until` block until a stop is requested, sleeping on a
    futex word that `request_stop()` wakes in every process, and
    `threading::stop_token` converts to `std::stop_token`.

    @par Thread Safety
    Every member may be called concurrently with any member of any token or
    source of the same state. A `request_stop()` happens-before every
    `stop_requested()` that returns true and every `wait_*` that returns true
    because of it.
*/
template <class Domain>
class basic_stop_token
{
public:
    /** A token with no stop state: `stop_possible()` and `stop_requested()`
        are false. */
    basic_stop_token() noexcept = default;

    /** True if a stop has been requested on the token's state.
        @throws std::logic_error in debug builds for a `threading::` token
        used in a forked child. */
    bool stop_requested() const
    {
        return state_ && state_->get()->requested.value.load(std::memory_order_acquire) != 0;
    }

    /** True if the token has a stop state. */
    bool stop_possible() const noexcept { return state_.has_value(); }

    /** Extension: waits at most `d` for a stop request; returns
        `stop_requested()` (false on timeout). A token without a state sleeps
        for `d` and returns false. A zero or negative `d` checks once.
        @throws std::system_error only for a kernel error that means a
        library bug. */
    template <class Rep, class Period>
    bool wait_for(const std::chrono::duration<Rep, Period>& d) const
    {
        return stop_requested() || wait_steady(deadline_after(d));
    }

    /** Extension: waits until `t` at most for a stop request; as `wait_for`.
        @throws as `wait_for`. */
    template <class Clock, class Duration>
    bool wait_until(const std::chrono::time_point<Clock, Duration>& t) const
    {
        return stop_requested() || wait_steady(to_steady(t));
    }

    /** Extension: a `std::stop_token` of the same state, for code written
        for `std::jthread`; it sees every `request_stop()` of this state, and
        its `std::stop_callback`s run in the thread that requests the stop.
        Only in process (a standard stop state cannot cross processes). */
    operator std::stop_token() const
        requires std::same_as<Domain, in_process>
    {
        return state_ ? state_->get()->local.get_token() : std::stop_token();
    }

    /** Exchanges the states of two tokens. */
    void swap(basic_stop_token& o) noexcept { state_.swap(o.state_); }

    friend void swap(basic_stop_token& a, basic_stop_token& b) noexcept { a.swap(b); }

    /** True if both have the same stop state, or both have none. */
    friend bool operator==(const basic_stop_token&, const basic_stop_token&) = default;

private:
    friend class basic_stop_source<Domain>;
    friend struct access;

    /** Where the state lives, for tests (an empty optional: no state). */
    const optional_stop_state<Domain>& state() const noexcept { return state_; }

    explicit basic_stop_token(const optional_stop_state<Domain>& s) noexcept : state_(s) {}

    /** Adopts a state decoded from a task (`access::adopt`): a process
        pool's worker gets its task's token so. */
    basic_stop_token(adopt_state_t, optional_stop_state<Domain> s) noexcept : state_(std::move(s)) {}

    bool wait_steady(steady_time deadline) const
    {
        if (!state_)
            return stop_wait_slow(nullptr, false, deadline);
        return stop_wait_slow(state_->get(), state_->is_shared(), deadline);
    }

    optional_stop_state<Domain> state_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_SYNC_DETAIL_BASIC_STOP_TOKEN_HPP
