//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_DETAIL_BASIC_MUTEX_HPP
#define FREETHREADING_SYNC_DETAIL_BASIC_MUTEX_HPP

#include <freethreading/sync/detail/config.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/domain.hpp>
#include <freethreading/core/detail/lock_core.hpp>
#include <freethreading/core/detail/state_handle.hpp>

#include <freethreading/core/ipc/handle_table.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

struct mutex_state : shared_object_header
{
    lock_core core;
    std::uint32_t depth = 0; // recursion depth of a recursive_mutex; written by the owner only
    // A condition's wake-up deferred to the unlock that frees this lock
    // (DESIGN §3): set by notify, which holds the lock, and taken by the
    // final unlock, whichever handle (mutex or condition) it goes through.
    std::atomic<shared_object_header*> deferred_wake{nullptr};
};

/** Wakes the waiters a condition's notify deferred and drops the reference
    the notify took on the condition's state. */
FREETHREADING_SYNC_DECL void flush_deferred_wake(shared_object_header* condition, bool shared) noexcept;

/** Turns a lock result into the error model of DESIGN §4.2: on `owner_died`
    the lock is released (it is consistent) and `owner_died_error` thrown. */
FREETHREADING_SYNC_DECL bool finish_acquire(acquire_result r, mutex_state& s, bool shared, const char* type);

[[noreturn]] FREETHREADING_SYNC_DECL void throw_not_owner(const char* type);

/** A lock owned by the thread that took it (Python's `Lock` / `RLock`), in the
    domain `Domain` (DESIGN §3); `Recursive` lets the owner take it again, and
    each `lock` then needs its own `unlock`.

    It models *TimedLockable*, so `std::scoped_lock` and `std::unique_lock`
    work. In shared memory it is robust (DESIGN §4.2): if the owner dies
    holding it, exactly one later acquirer gets `owner_died_error` and returns
    without the lock, which is then free and consistent.

    @par Thread Safety
    Every member may be called concurrently; an `unlock` happens-before the
    next successful acquisition.
*/
template <class Domain, bool Recursive>
class basic_mutex
{
public:
    basic_mutex() : state_(std::in_place)
    {
        // Make the liveness table now, so that a full segment is reported by
        // the constructor rather than by the first lock().
        if (state_.is_shared())
            (void)liveness_table::instance();
    }

    /** Blocks until the caller holds the lock.
        @throws owner_died_error (shared memory) without the lock.
        @throws std::logic_error if a non-recursive lock is already the caller's. */
    void lock()
    {
        with_sharing([this](auto shared) { lock_as(shared); });
    }

    /** Takes the lock if it is free at once. @throws owner_died_error. */
    bool try_lock()
    {
        mutex_state& s = *state_.get();
        const bool shared = state_.is_shared();
        if (Recursive && s.core.held_by_caller(shared)) {
            ++s.depth;
            return true;
        }
        if (!finish_acquire(s.core.try_lock(shared), s, shared, type_name()))
            return false;
        s.depth = 1;
        return true;
    }

    /** Takes the lock, waiting at most `d` (a zero or negative `d` tries
        once); false on timeout. @throws owner_died_error. */
    template <class Rep, class Period>
    bool try_lock_for(const std::chrono::duration<Rep, Period>& d)
    {
        return try_lock_until_steady(deadline_after(d));
    }

    /** Takes the lock, waiting until `t` at most (any clock); false on
        timeout. @throws owner_died_error. */
    template <class Clock, class Duration>
    bool try_lock_until(const std::chrono::time_point<Clock, Duration>& t)
    {
        return try_lock_until_steady(to_steady(t));
    }

    /** Releases one level of the caller's hold.
        @throws std::logic_error if the caller does not hold the lock (a
        release by another thread, or of a free lock). */
    void unlock()
    {
        with_sharing([this](auto shared) { unlock_as(shared); });
    }

    /** True if some thread holds the lock (Python's `Lock.locked()`). */
    bool locked() const noexcept { return state_.get()->core.locked(state_.is_shared()); }

    friend bool operator==(const basic_mutex&, const basic_mutex&) = default;

private:
    friend struct access;

    // The facade's lock and unlock test where the state lives once, then run
    // a body in which `shared` is a constant (`std::true_type` or
    // `std::false_type`), as the threading and multiprocessing types' bodies
    // are: one branch per call rather than one at every use of the flag
    // (doc/design-notes.md, sync: the facade's overhead).
    template <class F>
    void with_sharing(F&& body) const
    {
        if constexpr (std::same_as<Domain, runtime>) {
            if (state_.is_shared())
                body(std::true_type{});
            else
                body(std::false_type{});
        } else {
            body(std::bool_constant<std::same_as<Domain, shared_memory>>{});
        }
    }

    template <bool Shared>
    void lock_as(std::bool_constant<Shared>)
    {
        mutex_state& s = *state_.get();
        if (Recursive && s.core.held_by_caller(Shared)) {
            ++s.depth;
            return;
        }
        // Locking a held non-recursive lock again is refused by the lock word
        // itself (std::logic_error), off the fast path.
        const acquire_result r = s.core.lock(Shared);
        // finish_acquire (out of line) only for the rare owner_died.
        if (FREETHREADING_LIKELY(r == acquire_result::acquired) || finish_acquire(r, s, Shared, type_name()))
            s.depth = 1;
    }

    template <bool Shared>
    void unlock_as(std::bool_constant<Shared>)
    {
        mutex_state& s = *state_.get();
        if (FREETHREADING_UNLIKELY(!s.core.held_by_caller(Shared)))
            throw_not_owner(type_name());
        if (Recursive && --s.depth != 0)
            return;
        release(s, Shared);
    }

    /** True if the calling thread holds the lock (for conditions). */
    bool held_by_caller() const noexcept { return state_.get()->core.held_by_caller(state_.is_shared()); }

    /** For conditions: releases every level the caller holds and returns how
        many. Requires: the caller holds the lock. */
    std::uint32_t unlock_all() noexcept
    {
        mutex_state& s = *state_.get();
        const std::uint32_t depth = Recursive ? s.depth : 1;
        release(s, state_.is_shared());
        return depth;
    }

    /** For conditions: takes the lock again at `depth` levels; returns the raw
        result so the caller can keep the lock on `owner_died`. */
    acquire_result relock(std::uint32_t depth)
    {
        mutex_state& s = *state_.get();
        const acquire_result r = s.core.lock(state_.is_shared());
        // A dead owner's recursion is gone: the lock restarts at our depth.
        s.depth = depth;
        return r;
    }

    const state_handle<mutex_state, Domain>& state() const noexcept { return state_; }

    /** Adopts a state decoded from a record (the codec's constructor). */
    basic_mutex(adopt_state_t, state_handle<mutex_state, Domain> s) noexcept : state_(std::move(s)) {}

    static constexpr const char* type_name() noexcept { return Recursive ? "recursive_mutex" : "mutex"; }

    static void release(mutex_state& s, bool shared) noexcept
    {
        // Read before unlocking: afterwards the next owner may defer its own.
        shared_object_header* deferred = nullptr;
        if (FREETHREADING_UNLIKELY(s.deferred_wake.load(std::memory_order_relaxed) != nullptr))
            deferred = s.deferred_wake.exchange(nullptr, std::memory_order_relaxed);
        s.core.unlock(shared);
        if (deferred != nullptr)
            flush_deferred_wake(deferred, shared);
    }

    bool try_lock_until_steady(steady_time deadline)
    {
        mutex_state& s = *state_.get();
        const bool shared = state_.is_shared();
        if (Recursive && s.core.held_by_caller(shared)) {
            ++s.depth;
            return true;
        }
        if (shared && !Recursive && s.core.held_by_caller(true))
            return false; // it would wait for itself until the deadline; answer now
        if (!finish_acquire(s.core.try_lock_until(shared, deadline), s, shared, type_name()))
            return false;
        s.depth = 1;
        return true;
    }

    state_handle<mutex_state, Domain> state_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_SYNC_DETAIL_BASIC_MUTEX_HPP
