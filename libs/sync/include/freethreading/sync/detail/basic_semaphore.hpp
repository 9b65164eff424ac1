//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_DETAIL_BASIC_SEMAPHORE_HPP
#define FREETHREADING_SYNC_DETAIL_BASIC_SEMAPHORE_HPP

#include <freethreading/sync/detail/config.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/domain.hpp>
#include <freethreading/core/detail/state_handle.hpp>
#include <freethreading/core/detail/word_wait.hpp>

#include <freethreading/core/ipc/handle_table.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace freethreading::detail {

struct semaphore_state : shared_object_header
{
    semaphore_state(std::uint32_t initial, std::uint32_t maximum) : max(maximum) { count.value.store(initial); }

    waitable_word count; // on the line after the header's reference count
    std::uint32_t max;   // the bound of a bounded semaphore, else the largest count
};

/** Validates a constructor argument; the message names the type. */
FREETHREADING_SYNC_DECL std::uint32_t checked_semaphore_value(std::ptrdiff_t value, const char* type);

/** Adds `n` to the count, refusing to pass `max`; `bounded` picks the message. */
FREETHREADING_SYNC_DECL void semaphore_release(semaphore_state& s, std::ptrdiff_t n, bool bounded, bool shared);

/** Undoes a release that passed the largest count, then throws std::logic_error. */
[[noreturn]] FREETHREADING_SYNC_DECL void semaphore_overflow(semaphore_state& s);

/** Waits until a unit can be taken or `deadline` passes. */
FREETHREADING_SYNC_DECL bool semaphore_acquire_slow(semaphore_state& s, bool shared, steady_time deadline);

/** A counting semaphore (Python's `Semaphore` / `BoundedSemaphore`), in the
    domain `Domain` (DESIGN §3). `Bounded` refuses a release above the initial
    value with `std::logic_error`, as Python's `BoundedSemaphore` does with
    `ValueError`.

    @par Thread Safety
    Every member may be called concurrently from any thread (and, in shared
    memory, from any process). A `release` happens-before the `acquire` that
    takes the unit it released.
*/
template <class Domain, bool Bounded>
class basic_semaphore
{
public:
    /** @throws std::invalid_argument for a negative value or one above
        2^31 - 1. */
    explicit basic_semaphore(std::ptrdiff_t value = 1)
        : state_(std::in_place, checked_semaphore_value(value, Bounded ? "bounded_semaphore" : "semaphore"),
                 Bounded ? static_cast<std::uint32_t>(value) : std::uint32_t(0x7fffffff))
    {
    }

    /** Takes one unit, waiting as long as needed. */
    void acquire() { (void)try_acquire_until(steady_time::max()); }

    /** Takes one unit if one is free at once. */
    bool try_acquire() noexcept
    {
        auto& c = state_.get()->count.value;
        std::uint32_t v = c.load(std::memory_order_relaxed);
        while (v != 0)
            if (c.compare_exchange_weak(v, v - 1, std::memory_order_acquire, std::memory_order_relaxed))
                return true;
        return false;
    }

    template <class Rep, class Period>
    bool try_acquire_for(const std::chrono::duration<Rep, Period>& d)
    {
        return try_acquire() || semaphore_acquire_slow(*state_.get(), state_.is_shared(), deadline_after(d));
    }

    template <class Clock, class Duration>
    bool try_acquire_until(const std::chrono::time_point<Clock, Duration>& t)
    {
        return try_acquire() || semaphore_acquire_slow(*state_.get(), state_.is_shared(), to_steady(t));
    }

    /** Returns `n` units (default 1), waking as many waiters.
        @throws std::invalid_argument for `n < 0`.
        @throws std::logic_error if a bounded semaphore would exceed its
        initial value (nothing is released then). */
    void release(std::ptrdiff_t n = 1)
    {
        semaphore_state& s = *state_.get();
        if constexpr (!Bounded) {
            // The common case inline (DESIGN §3): one fetch_add, and a wake
            // only when somebody sleeps.
            if (FREETHREADING_LIKELY(n == 1)) {
                if (FREETHREADING_UNLIKELY(s.count.value.fetch_add(1, std::memory_order_seq_cst) >= s.max))
                    semaphore_overflow(s);
                s.count.wake(1, state_.is_shared());
                return;
            }
        }
        semaphore_release(s, n, Bounded, state_.is_shared());
    }

    /** The units free now (a snapshot). */
    std::ptrdiff_t value() const noexcept { return state_.get()->count.value.load(std::memory_order_relaxed); }

    // Python's context-manager protocol, so std::lock_guard and friends work.
    void lock() { acquire(); }
    bool try_lock() noexcept { return try_acquire(); }
    void unlock() { release(); }

    friend bool operator==(const basic_semaphore&, const basic_semaphore&) = default;

private:
    friend struct access;

    /** For the codec (DESIGN §3: encoding takes a reference). */
    const state_handle<semaphore_state, Domain>& state() const noexcept { return state_; }

    /** Adopts a state decoded from a record (the codec's constructor). */
    basic_semaphore(adopt_state_t, state_handle<semaphore_state, Domain> s) noexcept : state_(std::move(s)) {}

    state_handle<semaphore_state, Domain> state_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_SYNC_DETAIL_BASIC_SEMAPHORE_HPP
