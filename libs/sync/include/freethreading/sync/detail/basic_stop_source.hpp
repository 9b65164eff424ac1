//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_DETAIL_BASIC_STOP_SOURCE_HPP
#define FREETHREADING_SYNC_DETAIL_BASIC_STOP_SOURCE_HPP

#include <freethreading/sync/detail/basic_stop_token.hpp>
#include <freethreading/sync/detail/config.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/domain.hpp>
#include <freethreading/core/detail/state_handle.hpp>

#include <climits>
#include <concepts>
#include <stop_token>
#include <utility>

namespace freethreading::detail {

/** The owner side of a stop request: the interface of `std::stop_source`,
    in the domain `Domain` (DESIGN §3, §4).

    A source is a handle: copies share one stop state, and so do the tokens
    `get_token()` returns. In shared memory the state is in the segment: a
    `request_stop()` in one process is seen by the tokens of every process
    forked after the state was made, and wakes their `wait_for` /
    `wait_until` at once. A stop request is final.

    @par Thread Safety
    Every member may be called concurrently with any member of any source or
    token of the same state. A `request_stop()` happens-before every
    `stop_requested()` that returns true and every token `wait_*` that
    returns true because of it.
*/
template <class Domain>
class basic_stop_source
{
public:
    /** Makes a new stop state, not stopped.
        @throws std::bad_alloc, or segment_exhausted_error (shared memory) if
        the segment is full. */
    basic_stop_source() : state_(std::in_place, std::in_place)
    {
        if constexpr (std::same_as<Domain, in_process>)
            state_->get()->local = std::stop_source();
    }

    /** A source with no stop state, as `std::stop_source(std::nostopstate)`:
        `stop_possible()` is false and `request_stop()` does nothing. */
    explicit basic_stop_source(std::nostopstate_t) noexcept {}

    /** Requests a stop on the state, once for good, and wakes every token
        waiting on it (in every process, in shared memory); for an in-process
        state it also requests the `std::stop_token`s converted from its
        tokens, running their callbacks in the calling thread. Returns true
        if this call made the request, false if one was made before or there
        is no state. When it returns, the request is visible to every token.
        @throws std::logic_error in debug builds for a `threading::` source
        used in a forked child. */
    bool request_stop()
    {
        if (!state_)
            return false;
        stop_state& s = *state_->get();
        const bool made = s.requested.value.exchange(1, std::memory_order_seq_cst) == 0;
        if (made)
            s.requested.wake(INT_MAX, state_->is_shared());
        // Also by the losers: when any request_stop returns, the standard
        // state says stopped too.
        if constexpr (std::same_as<Domain, in_process>)
            s.local.request_stop();
        return made;
    }

    /** True if a stop has been requested on the state.
        @throws as `request_stop()`. */
    bool stop_requested() const
    {
        return state_ && state_->get()->requested.value.load(std::memory_order_acquire) != 0;
    }

    /** True if the source has a stop state. */
    bool stop_possible() const noexcept { return state_.has_value(); }

    /** A token of the same state (a token without a state if the source
        has none). */
    basic_stop_token<Domain> get_token() const noexcept { return basic_stop_token<Domain>(state_); }

    /** Exchanges the states of two sources. */
    void swap(basic_stop_source& o) noexcept { state_.swap(o.state_); }

    friend void swap(basic_stop_source& a, basic_stop_source& b) noexcept { a.swap(b); }

    /** True if both have the same stop state, or both have none. */
    friend bool operator==(const basic_stop_source&, const basic_stop_source&) = default;

private:
    friend struct access;

    /** Where the state lives, for tests (an empty optional: no state). */
    const optional_stop_state<Domain>& state() const noexcept { return state_; }

    optional_stop_state<Domain> state_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_SYNC_DETAIL_BASIC_STOP_SOURCE_HPP
