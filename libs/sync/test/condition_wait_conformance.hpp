//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_CONDITION_WAIT_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_CONDITION_WAIT_CONFORMANCE_HPP

// The condition_like suite, part two: wait and notify by one owner, their
// timeouts and predicates, and misuse without the lock (Python's tests 15 to
// 18). Written once as one function template per clause
// (`test_<clause><C>()`) and run over every spelling of `condition` by
// condition_wait_test.cpp.

#include <freethreading/sync/condition.hpp>

#include "condition_constructions.hpp"

#include <freethreading_test/contenders.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

namespace condition_conformance {

using freethreading_test::background_contenders;
using freethreading_test::since;
using freethreading_test::timing_slack;

// True if `f()` throws std::logic_error whose message says the caller does
// not hold the lock and names the refused call, `operation` ("wait",
// "notify" or "unlock"), as "...::wait: ...": a refused wait cannot pass
// for a refused notify, nor the other way round.
template <class F>
bool refused_as_not_held(std::string_view operation, F f)
{
    try {
        f();
    } catch (const std::logic_error& e) {
        const std::string what = e.what();
        const std::string named = "::" + std::string(operation) + ":";
        return what.find("not hold") != std::string::npos && what.find(named) != std::string::npos;
    }
    return false;
}

// Python test 15: holding the lock, wait(timeout=0.01) returns exactly False
// and the lock is held again.
template <class C>
void test_wait_for_times_out_with_false()
{
    with_each_construction<C>([](C& c) {
        std::unique_lock<C> guard(c);
        auto start = steady_clock::now();
        const bool r = c.wait_for(10ms);
        BOOST_TEST(r == false);
        BOOST_TEST(since(start) >= 10ms);
        BOOST_TEST(!other_can_lock(c)); // held again
        start = steady_clock::now();
        BOOST_TEST(c.wait_until(steady_clock::now() + 10ms) == false);
        BOOST_TEST(since(start) >= 10ms);
        BOOST_TEST(c.wait_until(std::chrono::system_clock::now() + 10ms) == false);
        BOOST_TEST(!other_can_lock(c));
    });
}

template <class C>
void test_timed_waits_return_within_bounds()
{
    C c;
    std::unique_lock<C> guard(c);
    {
        const auto start = steady_clock::now();
        const bool r = c.wait_for(50ms);
        const auto elapsed = since(start);
        BOOST_TEST(r == false);
        BOOST_TEST(elapsed >= 50ms);
        BOOST_TEST(elapsed < 50ms + timing_slack);
    }
    {
        const auto start = steady_clock::now();
        const bool r = c.wait_until(std::chrono::system_clock::now() + 50ms);
        const auto elapsed = since(start);
        BOOST_TEST(r == false);
        BOOST_TEST(elapsed >= 49ms); // less a microsecond of disagreement between the clocks
        BOOST_TEST(elapsed < 50ms + timing_slack);
    }
    {
        const auto start = steady_clock::now();
        BOOST_TEST(c.wait_for(0ms) == false);
        BOOST_TEST(c.wait_for(-1s) == false);
        BOOST_TEST(c.wait_until(steady_clock::now() - 1s) == false);
        BOOST_TEST(since(start) < 100ms);
    }
    BOOST_TEST(!other_can_lock(c));
}

// Python test 16: wait_for(pred, timeout) with a true predicate returns true
// at once; a false one returns its last value, false, after the timeout.
template <class C>
void test_predicate_waits_return_the_predicate()
{
    with_each_construction<C>([](C& c) {
        std::unique_lock<C> guard(c);
        int calls = 0;
        auto yes = [&] {
            ++calls;
            return true;
        };
        auto start = steady_clock::now();
        BOOST_TEST(c.wait_for(1s, yes) == true);
        BOOST_TEST(c.wait_until(steady_clock::now() + 1s, yes) == true);
        BOOST_TEST(c.wait_until(std::chrono::system_clock::now() + 1s, yes) == true);
        c.wait(yes);
        BOOST_TEST(since(start) < 500ms);
        BOOST_TEST(calls == 4); // looked at once each
        start = steady_clock::now();
        BOOST_TEST(c.wait_for(20ms, [] { return false; }) == false);
        BOOST_TEST(since(start) >= 20ms);
        BOOST_TEST(c.wait_until(std::chrono::system_clock::now() + 20ms, [] { return false; }) == false);
        BOOST_TEST(c.wait_for(-1s, [] { return false; }) == false);
        BOOST_TEST(!other_can_lock(c));
    });
}

// Python test 17: notify(0) and notify(10) with no waiters, then the lock
// can be taken again.
template <class C>
void test_notify_without_waiters()
{
    with_each_construction<C>([](C& c) {
        bool threw = false;
        try {
            std::unique_lock<C> guard(c);
            c.notify(0);
            c.notify(10);
            c.notify();
            c.notify(-1);
        } catch (...) {
            threw = true;
        }
        BOOST_TEST(!threw);
        BOOST_TEST(other_can_lock(c));
        BOOST_TEST(c.try_lock());
        c.unlock();
    });
}

// Python test 18: notify_all() inside the lock, then acquire again.
template <class C>
void test_notify_all_then_reacquire()
{
    with_each_construction<C>([](C& c) {
        {
            std::unique_lock<C> guard(c);
            c.notify_all();
        }
        BOOST_TEST(other_can_lock(c));
        BOOST_TEST(c.try_lock_for(10ms));
        c.unlock();
    });
}

// Waiting or notifying without the lock is misuse (Python: RuntimeError).
template <class C>
void test_wait_and_notify_require_the_lock()
{
    with_each_construction<C>([](C& c) {
        auto no = [] { return false; };
        BOOST_TEST(refused_as_not_held("wait", [&] { c.wait(); }));
        BOOST_TEST(refused_as_not_held("wait", [&] { (void)c.wait_for(1ms); }));
        BOOST_TEST(refused_as_not_held("wait", [&] { (void)c.wait_until(steady_clock::now() + 1ms); }));
        BOOST_TEST(refused_as_not_held("wait", [&] { c.wait(no); }));
        BOOST_TEST(refused_as_not_held("wait", [&] { (void)c.wait_for(1ms, no); }));
        BOOST_TEST(refused_as_not_held("wait", [&] { (void)c.wait_until(steady_clock::now() + 1ms, no); }));
        BOOST_TEST(refused_as_not_held("notify", [&] { c.notify(); }));
        BOOST_TEST(refused_as_not_held("notify", [&] { c.notify(0); }));
        BOOST_TEST(refused_as_not_held("notify", [&] { c.notify_all(); }));
        BOOST_TEST(refused_as_not_held("unlock", [&] { c.unlock(); }));
        // The messages tell the calls apart.
        BOOST_TEST(!refused_as_not_held("notify", [&] { c.wait(); }));
        BOOST_TEST(!refused_as_not_held("wait", [&] { c.notify(); }));
        BOOST_TEST(other_can_lock(c)); // the refusals left the lock free
        // Held by another thread is not held by the caller.
        c.lock();
        const bool refused = in_other_thread([&] {
            return refused_as_not_held("notify", [&] { c.notify(); }) &&
                   refused_as_not_held("notify", [&] { c.notify_all(); }) &&
                   refused_as_not_held("wait", [&] { (void)c.wait_for(1ms); }) &&
                   refused_as_not_held("unlock", [&] { c.unlock(); });
        });
        BOOST_TEST(refused);
        BOOST_TEST(!other_can_lock(c)); // still ours
        c.unlock();
    });
}

// A recursive lock held three deep: wait releases every level (another
// contender takes the lock meanwhile) and restores all three.
template <class C>
void test_wait_releases_and_restores_every_level()
{
    typename locks_of<C>::recursive_mutex r;
    C over_recursive(r);
    C own;
    for (C* pc : {&own, &over_recursive}) {
        BOOST_TEST_CONTEXT((pc == &own ? "condition()" : "condition(recursive_mutex)"))
        {
            C& c = *pc;
            freethreading_test::shared_page<std::atomic<int>> took(0);
            c.lock();
            c.lock();
            c.lock();
            background_contenders other(is_shared<C>(), 1, [&](int) {
                if (!c.try_lock_for(5s))
                    return false;
                took->store(1);
                c.notify();
                c.unlock();
                return true;
            });
            BOOST_TEST(c.wait_for(5s, [&] { return took->load() == 1; }));
            BOOST_TEST(other.join());
            c.unlock();
            BOOST_TEST(!other_can_lock(c)); // two levels left
            c.unlock();
            BOOST_TEST(!other_can_lock(c)); // one level left
            c.unlock();
            BOOST_TEST(other_can_lock(c));
            try {
                c.unlock();
                BOOST_ERROR("a fourth unlock must throw");
            } catch (const std::logic_error&) {
            }
        }
    }
    BOOST_TEST(!r.locked());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace condition_conformance

#endif // FREETHREADING_SYNC_TEST_CONDITION_WAIT_CONFORMANCE_HPP
