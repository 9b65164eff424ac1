//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Python's Barrier algorithm (a condition over a lock and a phase), with the
// condition spelled as a change counter: every phase change bumps
// `changes` under the lock, and a waiter reads it under the lock before it
// sleeps, so a change made after it let go of the lock cannot be missed.

#include <freethreading/sync/detail/basic_barrier.hpp>

#include <freethreading/core/errors.hpp>

#include <climits>
#include <cstdio>
#include <stdexcept>
#include <string>

#include <dlfcn.h>

namespace freethreading::detail {

namespace {

/** The barrier's lock for one operation, and the bookkeeping that rides on
    taking and releasing it: owner death, the holder's arrival, wake-ups. */
class barrier_guard
{
public:
    barrier_guard(barrier_state& s, bool shared) : s_(s), shared_(shared) { acquire(); }

    barrier_guard(const barrier_guard&) = delete;
    barrier_guard& operator=(const barrier_guard&) = delete;

    ~barrier_guard() { release(); }

    barrier_phase phase() const noexcept { return s_.phase.load(std::memory_order_relaxed); }

    /** Changes the phase and wakes every sleeper once the lock is released. */
    void set_phase(barrier_phase p) noexcept
    {
        s_.phase.store(p, std::memory_order_release);
        notify();
    }

    void notify() noexcept
    {
        // seq_cst pairs with a sleeper's seq_cst check (see waitable_word::wake).
        s_.changes.value.fetch_add(1, std::memory_order_seq_cst);
        notify_ = true;
    }

    /** Counts the caller in; returns its arrival index. */
    std::size_t arrive() noexcept
    {
        // Count first, flag second (and the reverse in `leave`): a process
        // killed between the two leaks an arrival rather than removing one
        // that is not there.
        counted_ = true;
        const std::size_t index = s_.count.fetch_add(1, std::memory_order_relaxed);
        s_.holder_counted.store(1, std::memory_order_release);
        return index;
    }

    /** Python's `_exit`: the last party to leave a draining or resetting
        generation opens the barrier for the next one. */
    void leave() noexcept
    {
        if (!held_)
            return; // the lock could not be taken back (a kernel error): nothing is safe to change
        counted_ = false;
        s_.holder_counted.store(0, std::memory_order_relaxed);
        if (s_.count.fetch_sub(1, std::memory_order_acq_rel) == 1 &&
            (phase() == barrier_phase::draining || phase() == barrier_phase::resetting))
            set_phase(barrier_phase::filling);
    }

    /** Sleeps until the next phase change or `deadline`, without the lock;
        returns false when the deadline passed. */
    bool sleep(steady_time deadline)
    {
        const std::uint32_t seen = s_.changes.value.load(std::memory_order_relaxed);
        release();
        const bool in_time = s_.changes.sleep_while(seen, shared_, deadline);
        acquire();
        return in_time;
    }

private:
    void acquire()
    {
        if (s_.lock.lock(shared_) == acquire_result::owner_died) {
            // A process died inside a barrier operation: what it was doing
            // (an arrival, the action, a reset) is lost, so the barrier breaks.
            if (s_.holder_counted.exchange(0, std::memory_order_relaxed) != 0)
                s_.count.fetch_sub(1, std::memory_order_relaxed);
            set_phase(barrier_phase::broken);
        }
        held_ = true;
        if (counted_)
            s_.holder_counted.store(1, std::memory_order_relaxed);
    }

    void release() noexcept
    {
        if (!held_)
            return;
        s_.holder_counted.store(0, std::memory_order_relaxed);
        held_ = false;
        s_.lock.unlock(shared_);
        if (notify_) {
            notify_ = false;
            s_.changes.wake(INT_MAX, shared_);
        }
    }

    barrier_state& s_;
    bool shared_;
    bool held_ = false;
    bool counted_ = false;
    bool notify_ = false;
};

/** Python's `_exit` on every way out of a counted wait. */
class arrival
{
public:
    explicit arrival(barrier_guard& g) noexcept : g_(g), index_(g.arrive()) {}
    arrival(const arrival&) = delete;
    arrival& operator=(const arrival&) = delete;
    ~arrival() { g_.leave(); }

    std::size_t index() const noexcept { return index_; }

private:
    barrier_guard& g_;
    std::size_t index_;
};

[[noreturn]] void throw_broken(const char* why)
{
    throw broken_barrier_error(std::string("freethreading::barrier::wait: ") + why);
}

void throw_if_broken_or_reset(barrier_phase p)
{
    if (p == barrier_phase::resetting)
        throw_broken("the barrier was reset while this party waited");
    if (p == barrier_phase::broken)
        throw_broken("the barrier was broken while this party waited (aborted, another party timed out "
                     "or died, or the action threw)");
}

/** DESIGN §6, Isolation: a code address read from the shared segment is
    called only if it lies inside an object the dynamic loader has mapped. */
bool inside_loaded_object(void (*f)()) noexcept
{
    Dl_info info{};
    return ::dladdr(reinterpret_cast<const void*>(f), &info) != 0 && info.dli_fbase != nullptr;
}

/** Python's `_release`: the last party runs the action, then releases the
    generation. */
void release_generation(barrier_guard& g, barrier_state& s, bool shared)
{
    void (*const action)() = s.action;
    if (action != nullptr) {
        if (shared && !inside_loaded_object(action)) {
            g.set_phase(barrier_phase::broken);
            char address[32];
            std::snprintf(address, sizeof address, "%p", reinterpret_cast<const void*>(action));
            throw broken_barrier_error(std::string("freethreading::barrier::wait: the action stored in shared "
                                                   "memory (") +
                                       address +
                                       ") does not point into any loaded object of this process; it was not "
                                       "called and the barrier is now broken");
        }
        try {
            action();
        } catch (...) {
            g.set_phase(barrier_phase::broken);
            throw;
        }
    }
    g.set_phase(barrier_phase::draining);
}

} // namespace

std::size_t checked_barrier_parties(std::size_t parties)
{
    if (parties == 0)
        throw std::invalid_argument("freethreading::barrier: parties is 0; a barrier needs at least one party");
    return parties;
}

std::size_t barrier_wait(barrier_state& s, bool shared, steady_time deadline)
{
    barrier_guard g(s, shared);
    // Python's `_enter`: a generation still leaving, or a reset still
    // waiting for its parties to leave, goes first. Python waits here without
    // a deadline; ours keeps it, so a party lost in the old generation cannot
    // hang a timed wait.
    while (g.phase() == barrier_phase::draining || g.phase() == barrier_phase::resetting) {
        if (!g.sleep(deadline) && (g.phase() == barrier_phase::draining || g.phase() == barrier_phase::resetting)) {
            g.set_phase(barrier_phase::broken);
            throw_broken("timed out waiting for the previous generation to leave; the barrier is now broken");
        }
    }
    if (g.phase() == barrier_phase::broken)
        throw_broken("the barrier is broken (aborted, timed out, a party died, or the action threw); call "
                     "reset() to use it again");

    arrival a(g);
    if (a.index() + 1 == s.parties) {
        release_generation(g, s, shared);
        return a.index();
    }
    // Python's `_wait`.
    while (g.phase() == barrier_phase::filling) {
        if (!g.sleep(deadline) && g.phase() == barrier_phase::filling) {
            g.set_phase(barrier_phase::broken);
            throw_broken("timed out; the barrier is now broken");
        }
    }
    throw_if_broken_or_reset(g.phase());
    return a.index();
}

void barrier_reset(barrier_state& s, bool shared)
{
    barrier_guard g(s, shared);
    if (s.count.load(std::memory_order_relaxed) == 0)
        g.set_phase(barrier_phase::filling);
    else if (g.phase() == barrier_phase::filling || g.phase() == barrier_phase::broken)
        g.set_phase(barrier_phase::resetting); // the last party to leave opens it
    else
        g.notify();
}

void barrier_abort(barrier_state& s, bool shared)
{
    barrier_guard g(s, shared);
    g.set_phase(barrier_phase::broken);
}

} // namespace freethreading::detail
