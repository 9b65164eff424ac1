//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_CONCEPTS_HPP
#define FREETHREADING_SYNC_CONCEPTS_HPP

// The interfaces every spelling of a sync primitive models: the threading
// implementation, the multiprocessing implementation and the facade.

#include <chrono>
#include <concepts>
#include <cstddef>

namespace freethreading {

namespace detail {

using sample_duration = std::chrono::milliseconds;
using sample_time_point = std::chrono::steady_clock::time_point;

} // namespace detail

/** A handle: copying it refers to the same primitive. */
template <class T>
concept primitive_handle = std::copy_constructible<T> && std::is_copy_assignable_v<T> && std::equality_comparable<T>;

/** The standard's *BasicLockable*. */
template <class L>
concept basic_lockable = requires(L& l) {
    l.lock();
    l.unlock();
};

/** The standard's *Lockable*. */
template <class L>
concept lockable = basic_lockable<L> && requires(L& l) {
    { l.try_lock() } -> std::convertible_to<bool>;
};

/** The standard's *TimedLockable*, so `std::scoped_lock`, `std::unique_lock`
    and `std::timed_mutex` users work unchanged. */
template <class L>
concept timed_lockable = lockable<L> && requires(L& l, detail::sample_duration d, detail::sample_time_point t) {
    { l.try_lock_for(d) } -> std::convertible_to<bool>;
    { l.try_lock_until(t) } -> std::convertible_to<bool>;
};

/** `acquire` / `release` of a counter, with every timed form. */
template <class S>
concept semaphore_like = requires(S& s, std::ptrdiff_t n, detail::sample_duration d, detail::sample_time_point t) {
    s.acquire();
    { s.try_acquire() } -> std::convertible_to<bool>;
    { s.try_acquire_for(d) } -> std::convertible_to<bool>;
    { s.try_acquire_until(t) } -> std::convertible_to<bool>;
    s.release();
    s.release(n);
    { s.value() } -> std::integral;
};

/** A condition: a lock of its own plus waiting and notification. */
template <class C>
concept condition_like =
    timed_lockable<C> &&
    requires(C& c, std::ptrdiff_t n, detail::sample_duration d, detail::sample_time_point t, bool (*pred)()) {
        c.wait();
        { c.wait_for(d) } -> std::same_as<bool>;
        { c.wait_until(t) } -> std::same_as<bool>;
        c.wait(pred);
        { c.wait_for(d, pred) } -> std::same_as<bool>;
        { c.wait_until(t, pred) } -> std::same_as<bool>;
        c.notify();
        c.notify(n);
        c.notify_all();
    };

/** A flag that threads or processes wait for. */
template <class E>
concept event_like = requires(E& e, const E& ce, detail::sample_duration d, detail::sample_time_point t) {
    e.set();
    e.clear();
    { ce.is_set() } -> std::same_as<bool>;
    e.wait();
    { e.wait_for(d) } -> std::same_as<bool>;
    { e.wait_until(t) } -> std::same_as<bool>;
};

/** A cyclic barrier in Python's sense. */
template <class B>
concept barrier_like = requires(B& b, const B& cb, detail::sample_duration d) {
    { b.wait() } -> std::same_as<std::size_t>;
    { b.wait_for(d) } -> std::same_as<std::size_t>;
    b.reset();
    b.abort();
    { cb.parties() } -> std::same_as<std::size_t>;
    { cb.n_waiting() } -> std::same_as<std::size_t>;
    { cb.broken() } -> std::same_as<bool>;
};

/** The observer side of a stop request (`std::stop_token`'s interface). */
template <class T>
concept stop_token_like = requires(const T& t) {
    { t.stop_requested() } -> std::same_as<bool>;
    { t.stop_possible() } -> std::same_as<bool>;
};

/** The owner side of a stop request (`std::stop_source`'s interface). */
template <class S>
concept stop_source_like = requires(S& s, const S& cs) {
    { s.request_stop() } -> std::same_as<bool>;
    { cs.stop_requested() } -> std::same_as<bool>;
    { cs.stop_possible() } -> std::same_as<bool>;
    { cs.get_token() } -> stop_token_like;
};

} // namespace freethreading

#endif // FREETHREADING_SYNC_CONCEPTS_HPP
