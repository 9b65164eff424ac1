//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_DETAIL_BASIC_BARRIER_HPP
#define FREETHREADING_SYNC_DETAIL_BASIC_BARRIER_HPP

#include <freethreading/sync/detail/config.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/domain.hpp>
#include <freethreading/core/detail/lock_core.hpp>
#include <freethreading/core/detail/state_handle.hpp>
#include <freethreading/core/detail/word_wait.hpp>

#include <freethreading/core/ipc/handle_table.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <optional>

namespace freethreading::detail {

/** Python's barrier phases: parties arrive while `filling`; the released
    generation leaves while `draining` (new arrivals wait for it); `resetting`
    is a `reset()` waiting for the old waiters to leave; `broken` lasts until
    `reset()`. */
enum class barrier_phase : std::uint32_t
{
    filling,
    draining,
    resetting,
    broken
};

struct barrier_state : shared_object_header
{
    barrier_state(std::size_t n, void (*f)(), std::optional<std::chrono::nanoseconds> t)
        : parties(n), action(f), timeout(t)
    {
    }

    lock_core lock;        // guards every field below except the constants
    waitable_word changes; // bumped under the lock at every phase change; waiters sleep on it
    std::atomic<barrier_phase> phase{barrier_phase::filling};
    std::atomic<std::size_t> count{0}; // parties inside wait() (arrived and not yet left)
    // 1 while the lock holder is one of `count`: if it dies holding the lock,
    // the next holder takes its arrival back out of `count`. Atomic only to
    // order it against `count` for a process killed between the two.
    std::atomic<std::uint32_t> holder_counted{0};
    const std::size_t parties;
    void (*action)(); // set when made; in shared memory, checked before each call
    const std::optional<std::chrono::nanoseconds> timeout; // the default of wait()
};

/** Validates the number of parties; the message names the value. */
FREETHREADING_SYNC_DECL std::size_t checked_barrier_parties(std::size_t parties);

/** Python's `Barrier.wait`: the whole algorithm, under the state's lock. */
FREETHREADING_SYNC_DECL std::size_t barrier_wait(barrier_state& s, bool shared, steady_time deadline);

/** Python's `Barrier.reset`. */
FREETHREADING_SYNC_DECL void barrier_reset(barrier_state& s, bool shared);

/** Python's `Barrier.abort`. */
FREETHREADING_SYNC_DECL void barrier_abort(barrier_state& s, bool shared);

/** A cyclic barrier for a fixed number of parties (Python's `Barrier`), in
    the domain `Domain` (DESIGN §3).

    Each party calls `wait()`; when the last of `parties()` arrives, it runs
    the action (if any) and then all of them are released together and the
    barrier is ready for the next generation. Parties that arrive while a
    released generation is still leaving wait for the next one.

    The barrier breaks when a wait times out, when the action throws, when
    `abort()` is called, or (in shared memory) when a process dies inside a
    barrier operation; every current and later `wait` then throws
    `broken_barrier_error` until `reset()`. A party that dies while merely
    waiting is not repaired (DESIGN §4.2): the generation it joined cannot
    complete, so the others should use a timeout.

    @par Thread Safety
    Every member may be called concurrently from any thread (and, in shared
    memory, from any process). Everything a party did before its `wait()`
    happens-before the action runs, and the action and everything every
    party did before its `wait()` happen-before any `wait()` of that
    generation returns.
*/
template <class Domain>
class basic_barrier
{
public:
    /** Makes a barrier for `parties` parties. `action`, if given, is run by
        the last party of each generation before any party is released;
        `timeout`, if given, is the default for `wait()`. In shared memory the
        action must be a function of the program or one of its loaded
        libraries (a capture-less lambda converts): it is checked before each
        call (DESIGN §6, Isolation). The action runs under the barrier's
        internal lock, so it must not call `wait`, `reset` or `abort` of the
        same barrier.
        @throws std::invalid_argument if `parties` is 0.
        @throws segment_exhausted_error (shared memory) if the segment is full. */
    explicit basic_barrier(std::size_t parties, void (*action)() = nullptr,
                           std::optional<std::chrono::nanoseconds> timeout = std::nullopt)
        : state_(std::in_place, checked_barrier_parties(parties), action, timeout)
    {
    }

    /** Waits until `parties()` parties have called `wait`, for at most the
        default timeout if the constructor was given one; returns the arrival
        index: 0 for the first party of the generation, `parties() - 1` for
        the last (which ran the action).
        @throws broken_barrier_error if the barrier is or becomes broken,
        including by this wait timing out.
        @throws whatever the action throws, in the party that ran it (the
        barrier is then broken). */
    std::size_t wait()
    {
        const barrier_state& s = *state_.get();
        return wait_steady(s.timeout ? deadline_after(*s.timeout) : steady_time::max());
    }

    /** As `wait()`, with a timeout of `d` instead of the default; a zero or
        negative `d` breaks the barrier unless the caller is the last party.
        @throws as `wait()`. */
    template <class Rep, class Period>
    std::size_t wait_for(const std::chrono::duration<Rep, Period>& d)
    {
        return wait_steady(deadline_after(d));
    }

    /** As `wait()`, until `t` at most (an extension: Python has no such form).
        @throws as `wait()`. */
    template <class Clock, class Duration>
    std::size_t wait_until(const std::chrono::time_point<Clock, Duration>& t)
    {
        return wait_steady(to_steady(t));
    }

    /** Returns the barrier to its initial state: parties waiting now get
        `broken_barrier_error`, and the barrier is usable again once they have
        left. */
    void reset() { barrier_reset(*state_.get(), state_.is_shared()); }

    /** Breaks the barrier: current and later waits throw
        `broken_barrier_error` until `reset()`. */
    void abort() { barrier_abort(*state_.get(), state_.is_shared()); }

    /** The number of parties needed to pass the barrier. */
    std::size_t parties() const { return state_.get()->parties; }

    /** The number of parties waiting in the current generation (a snapshot;
        0 while a released generation leaves or the barrier is broken). */
    std::size_t n_waiting() const
    {
        const barrier_state& s = *state_.get();
        return s.phase.load(std::memory_order_acquire) == barrier_phase::filling
                   ? s.count.load(std::memory_order_relaxed)
                   : 0;
    }

    /** True while the barrier is broken. */
    bool broken() const { return state_.get()->phase.load(std::memory_order_acquire) == barrier_phase::broken; }

    friend bool operator==(const basic_barrier&, const basic_barrier&) = default;

private:
    friend struct access;

    /** For the codec (DESIGN §3: encoding takes a reference). */
    const state_handle<barrier_state, Domain>& state() const noexcept { return state_; }

    /** Adopts a state decoded from a record (the codec's constructor). */
    basic_barrier(adopt_state_t, state_handle<barrier_state, Domain> s) noexcept : state_(std::move(s)) {}

    std::size_t wait_steady(steady_time deadline) { return barrier_wait(*state_.get(), state_.is_shared(), deadline); }

    state_handle<barrier_state, Domain> state_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_SYNC_DETAIL_BASIC_BARRIER_HPP
