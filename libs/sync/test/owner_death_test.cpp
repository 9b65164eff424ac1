//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Robust locks (DESIGN §4.2): when the owner dies holding a lock, exactly one
// later acquirer sees owner_died_error within a second — without the lock
// for lock()/try_lock*(), holding it for condition::wait*() — and the lock
// then works normally. Only states in shared memory can outlive their owner's
// process; the facade is covered when the backend is multiprocessing.

#include <freethreading/sync/condition.hpp>
#include <freethreading/sync/lock.hpp>
#include <freethreading/sync/rlock.hpp>

#include <freethreading/core/errors.hpp>

#include "sync_test_support.hpp"

#include <freethreading_test/contenders.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <thread>
#include <tuple>
#include <type_traits>

namespace ft = freethreading;
using namespace std::chrono_literals;
using std::chrono::steady_clock;
using freethreading_test::shared_page;
using freethreading_test::since;
using sync_test::is_shared;
using sync_test::skip_unless_shared;

namespace {

using robust_lock_types = std::tuple<ft::multiprocessing::mutex, ft::multiprocessing::recursive_mutex, ft::mutex,
                                     ft::recursive_mutex>;

// How many levels a dying owner takes: three of a recursive lock.
template <class L>
constexpr int owner_levels =
    std::is_same_v<L, ft::multiprocessing::recursive_mutex> || std::is_same_v<L, ft::recursive_mutex> ? 3 : 1;

// What a dying owner says, in a shared page: the levels it held (0 until it
// holds them all; each level counted only when its acquisition succeeded),
// and when it was about to die (now_ns()).
struct owner_record
{
    std::atomic<int> levels{0};
    std::atomic<std::int64_t> dying_at{0};
};

// Takes `l` owner_levels<L> deep (lock(), then try_lock() and try_lock_for()
// on a recursive lock), says so, then dies as told.
template <class L>
pid_t start_dying_owner(L& l, owner_record& owner, bool kill_self, std::chrono::milliseconds linger)
{
    return freethreading_test::start_child([&] {
        l.lock();
        int held = 1;
        if constexpr (owner_levels<L> == 3) {
            held += l.try_lock() ? 1 : 0;
            held += l.try_lock_for(1s) ? 1 : 0;
        }
        if (!sync_test::held_by_caller(l))
            held = -1;
        owner.levels.store(held);
        std::this_thread::sleep_for(linger);
        owner.dying_at.store(freethreading_test::now_ns());
        if (kill_self)
            ::raise(SIGKILL);
        ::_exit(0); // no unlock, no destructors
        return true;
    });
}

// Waits until the owner holds every level it means to; returns how many it holds.
inline int levels_held(const owner_record& owner)
{
    while (owner.levels.load() == 0)
        std::this_thread::yield();
    return owner.levels.load();
}

template <class L>
void expect_owner_died_once_then_normal(L& l)
{
    const auto start = steady_clock::now();
    try {
        (void)l.try_lock_for(2s);
        BOOST_ERROR("the owner's death must be reported");
    } catch (const ft::owner_died_error& e) {
        BOOST_TEST(std::string(e.what()).find("died") != std::string::npos);
    }
    BOOST_TEST(since(start) < 1s);
    BOOST_TEST(!sync_test::held_by_caller(l)); // returned without the lock
    BOOST_TEST(!l.locked());         // which is free and consistent
    BOOST_TEST(l.try_lock());        // so the next attempt succeeds
    l.unlock();
    BOOST_TEST(!l.locked());
}

} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(owner_exits_holding_lock, L, robust_lock_types)
{
    L l;
    if (skip_unless_shared(is_shared(l)))
        return;
    for (const bool kill : {false, true}) {
        shared_page<owner_record> owner;
        const pid_t child = start_dying_owner(l, *owner, kill, 0ms);
        const auto status = freethreading_test::wait_child(child);
        BOOST_TEST((kill ? status.signal == SIGKILL : status.exited_with(0)));
        BOOST_TEST(owner->levels.load() == owner_levels<L>); // it died holding them all
        expect_owner_died_once_then_normal(l);
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(blocked_waiter_is_woken_by_the_death, L, robust_lock_types)
{
    L l;
    if (skip_unless_shared(is_shared(l)))
        return;
    shared_page<owner_record> owner;
    const pid_t child = start_dying_owner(l, *owner, true, 100ms);
    BOOST_TEST(levels_held(*owner) == owner_levels<L>);
    expect_owner_died_once_then_normal(l); // blocked in the wait when the owner dies
    BOOST_TEST(freethreading_test::wait_child(child).signal == SIGKILL);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(exactly_one_of_three_waiters_sees_the_death, L, robust_lock_types)
{
    L l;
    if (skip_unless_shared(is_shared(l)))
        return;
    shared_page<owner_record> owner;
    shared_page<std::atomic<int>> reports(0);
    shared_page<std::atomic<std::int64_t>> reported_at(0);
    shared_page<std::atomic<int>> acquired(0);
    const pid_t owner_pid = start_dying_owner(l, *owner, true, 150ms);
    BOOST_TEST(levels_held(*owner) == owner_levels<L>);
    const bool ok = freethreading_test::run_contenders(true, 3, [&](int) {
        const auto deadline = steady_clock::now() + 3s;
        while (steady_clock::now() < deadline) {
            try {
                if (l.try_lock_until(deadline)) {
                    acquired->fetch_add(1);
                    std::this_thread::sleep_for(1ms);
                    l.unlock();
                    return true;
                }
            } catch (const ft::owner_died_error&) {
                reported_at->store(freethreading_test::now_ns());
                reports->fetch_add(1);
            }
        }
        return false;
    });
    BOOST_TEST(ok);
    BOOST_TEST(reports->load() == 1);
    BOOST_TEST(acquired->load() == 3);
    // Seen within a second of the death (stamped just before the owner's SIGKILL).
    const auto latency = std::chrono::nanoseconds(reported_at->load() - owner->dying_at.load());
    BOOST_TEST(latency > 0ns);
    BOOST_TEST(latency < 1s, "the death was reported "
                                 << std::chrono::duration_cast<std::chrono::milliseconds>(latency).count()
                                 << " ms after it");
    BOOST_TEST(freethreading_test::wait_child(owner_pid).signal == SIGKILL);
    BOOST_TEST(freethreading_test::count_children() == 0);
}

BOOST_AUTO_TEST_CASE(condition_waiter_gets_owner_died_holding_the_lock)
{
    ft::multiprocessing::condition c;
    shared_page<std::atomic<int>> ready(0);
    c.lock();
    const pid_t child = freethreading_test::start_child([&] {
        c.lock(); // possible once the parent's wait has released it
        ready.operator*().store(1);
        ::raise(SIGKILL); // dies holding the condition's lock
        return true;
    });
    bool reported = false;
    const auto start = steady_clock::now();
    try {
        // Not notified: the wait times out, then retaking the lock finds the
        // dead owner.
        while (!c.wait_for(50ms) && ready->load() == 0)
            ;
        (void)c.wait_for(50ms);
    } catch (const ft::owner_died_error&) {
        reported = true;
    }
    BOOST_TEST(reported);
    BOOST_TEST(since(start) < 1s);
    BOOST_TEST(sync_test::held_by_caller(c)); // wait* returns or throws holding its lock
    c.notify();                     // usable: we own it
    c.unlock();
    BOOST_TEST(c.try_lock());
    c.unlock();
    BOOST_TEST(freethreading_test::wait_child(child).signal == SIGKILL);
}

BOOST_AUTO_TEST_CASE(recursive_lock_of_dead_owner_restarts_at_depth_zero)
{
    ft::multiprocessing::recursive_mutex l;
    shared_page<owner_record> owner;
    BOOST_TEST(freethreading_test::wait_child(start_dying_owner(l, *owner, false, 0ms)).exited_with(0));
    BOOST_TEST(owner->levels.load() == 3); // the dead owner held it three deep
    BOOST_CHECK_THROW(l.lock(), ft::owner_died_error);
    l.lock(); // one level, not the dead owner's three
    l.unlock();
    BOOST_TEST(!l.locked());
    BOOST_CHECK_THROW(l.unlock(), std::logic_error);
}
