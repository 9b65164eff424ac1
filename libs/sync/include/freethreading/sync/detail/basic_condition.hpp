//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_DETAIL_BASIC_CONDITION_HPP
#define FREETHREADING_SYNC_DETAIL_BASIC_CONDITION_HPP

#include <freethreading/sync/detail/basic_mutex.hpp>
#include <freethreading/sync/detail/config.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/state_handle.hpp>
#include <freethreading/core/detail/word_wait.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <variant>

namespace freethreading::detail {

struct condition_state : shared_object_header
{
    waitable_word sequence;            // bumped by every notify that finds waiters
    std::atomic<std::uint32_t> waiting{0}; // threads inside wait (changed under the lock)
    std::atomic<std::uint32_t> pending{0}; // wake-ups deferred to the lock's release
};

/** Records a notify of up to `n` waiters (the caller holds `lock`). */
FREETHREADING_SYNC_DECL void condition_notify(condition_state& c, mutex_state& lock, std::ptrdiff_t n,
                                              bool shared);

/** Sleeps until `sequence` moves past `seen` or `deadline`; false on timeout. */
FREETHREADING_SYNC_DECL bool condition_sleep(condition_state& c, std::uint32_t seen, bool shared,
                                             steady_time deadline);

[[noreturn]] FREETHREADING_SYNC_DECL void throw_condition_not_owner(const char* what);
[[noreturn]] FREETHREADING_SYNC_DECL void throw_condition_owner_died();

/** A condition variable with its lock (Python's `Condition`), in the domain
    `Domain` (DESIGN §3).

    It owns a `recursive_mutex`, or shares a given `mutex` / `recursive_mutex`
    handle, and is itself *TimedLockable*. `wait*` releases every level of a
    recursive lock and restores them. A notify is deferred to the unlock that
    frees the lock (whether through the condition or the lock's own handle),
    so a woken waiter finds the lock free. Waits may return spuriously, as the
    standard's do; the predicate forms loop.

    @par Thread Safety
    Every member may be called concurrently. What the notifier wrote before
    `notify` under the lock is visible to a waiter when its `wait` returns.
*/
template <class Domain>
class basic_condition
{
public:
    /** The lock types of the same spelling (DESIGN §4.1 spells them so
        inside every class). */
    using mutex = basic_mutex<Domain, false>;
    using recursive_mutex = basic_mutex<Domain, true>;

    /** A condition with a `recursive_mutex` of its own (Python's `Condition()`). */
    basic_condition() : state_(std::in_place), lock_(std::in_place_type<recursive_mutex>) {}
    /** A condition over the given lock: locking either handle locks both. */
    explicit basic_condition(mutex m) : state_(std::in_place), lock_(std::move(m)) {}
    explicit basic_condition(recursive_mutex m) : state_(std::in_place), lock_(std::move(m)) {}

    void lock() { visit([](auto& l) { l.lock(); }); }
    bool try_lock() { return visit([](auto& l) { return l.try_lock(); }); }
    template <class Rep, class Period>
    bool try_lock_for(const std::chrono::duration<Rep, Period>& d)
    {
        return visit([&](auto& l) { return l.try_lock_for(d); });
    }
    template <class Clock, class Duration>
    bool try_lock_until(const std::chrono::time_point<Clock, Duration>& t)
    {
        return visit([&](auto& l) { return l.try_lock_until(t); });
    }
    void unlock() { visit([](auto& l) { l.unlock(); }); }

    /** Releases the lock, waits for a notify, takes the lock again.
        @throws std::logic_error if the caller does not hold the lock.
        @throws owner_died_error holding the lock, if its owner died meanwhile. */
    void wait() { (void)wait_until_steady(steady_time::max()); }

    /** As `wait()`, for at most `d`; false on timeout. */
    template <class Rep, class Period>
    bool wait_for(const std::chrono::duration<Rep, Period>& d)
    {
        return wait_until_steady(deadline_after(d));
    }

    template <class Clock, class Duration>
    bool wait_until(const std::chrono::time_point<Clock, Duration>& t)
    {
        return wait_until_steady(to_steady(t));
    }

    /** Waits until `pred()` holds (checked under the lock). */
    template <class Predicate>
    void wait(Predicate pred)
    {
        while (!pred())
            wait();
    }

    /** Waits at most `d` for `pred()`; returns its last value (Python's `wait_for`). */
    template <class Rep, class Period, class Predicate>
    bool wait_for(const std::chrono::duration<Rep, Period>& d, Predicate pred)
    {
        return wait_until_pred(deadline_after(d), pred);
    }

    template <class Clock, class Duration, class Predicate>
    bool wait_until(const std::chrono::time_point<Clock, Duration>& t, Predicate pred)
    {
        return wait_until_pred(to_steady(t), pred);
    }

    /** Wakes up to `n` waiters (none for `n <= 0`) once the lock is freed.
        @throws std::logic_error if the caller does not hold the lock. */
    void notify(std::ptrdiff_t n = 1)
    {
        if (!held_by_caller())
            throw_condition_not_owner("notify");
        condition_notify(*state_.get(), lock_state(), n, state_.is_shared());
    }

    /** Wakes every waiter once the lock is freed. */
    void notify_all() { notify(PTRDIFF_MAX); }

    friend bool operator==(const basic_condition& a, const basic_condition& b) noexcept
    {
        return a.state_ == b.state_;
    }

private:
    friend struct access;

    /** True if the calling thread holds the condition's lock. */
    bool held_by_caller() const noexcept
    {
        return std::visit([](const auto& l) { return access::held_by_caller(l); }, lock_);
    }

    /** The condition's own state (its lock has its own). */
    const state_handle<condition_state, Domain>& state() const noexcept { return state_; }

    template <class F>
    decltype(auto) visit(F&& f)
    {
        return std::visit(std::forward<F>(f), lock_);
    }

    mutex_state& lock_state()
    {
        return *std::visit([](auto& l) { return access::state(l).get(); }, lock_);
    }

    bool wait_until_steady(steady_time deadline)
    {
        if (!held_by_caller())
            throw_condition_not_owner("wait");
        condition_state& c = *state_.get();
        const bool shared = state_.is_shared();
        c.waiting.fetch_add(1, std::memory_order_relaxed);
        const std::uint32_t seen = c.sequence.value.load(std::memory_order_relaxed);
        const std::uint32_t depth = visit([](auto& l) { return access::unlock_all(l); });
        const bool notified = condition_sleep(c, seen, shared, deadline);
        const acquire_result r = visit([depth](auto& l) { return access::relock(l, depth); });
        c.waiting.fetch_sub(1, std::memory_order_relaxed);
        if (r == acquire_result::owner_died)
            throw_condition_owner_died(); // DESIGN §4.2: with the lock held
        return notified;
    }

    template <class Predicate>
    bool wait_until_pred(steady_time deadline, Predicate& pred)
    {
        while (!pred())
            if (!wait_until_steady(deadline))
                return pred();
        return true;
    }

    state_handle<condition_state, Domain> state_;
    std::variant<mutex, recursive_mutex> lock_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_SYNC_DETAIL_BASIC_CONDITION_HPP
