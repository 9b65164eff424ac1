//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_CONDITION_LOCK_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_CONDITION_LOCK_CONFORMANCE_HPP

// The condition_like suite, part one: a condition is a lock, its own or the
// one it was given (Python's tests 8 to 14). Written once as one function
// template per clause (`test_<clause><C>()`) and run over every spelling of
// `condition` by condition_test.cpp.

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/condition.hpp>

#include "condition_constructions.hpp"

#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace condition_conformance {

using freethreading_test::since;

template <class C>
void test_models_the_concepts()
{
    static_assert(freethreading::condition_like<C>);
    static_assert(freethreading::timed_lockable<C>);
    static_assert(freethreading::primitive_handle<C>);
    static_assert(std::is_constructible_v<C, typename condition_conformance::locks_of<C>::mutex>);
    static_assert(std::is_constructible_v<C, typename condition_conformance::locks_of<C>::recursive_mutex>);
    // explicit, as DESIGN §4.1 spells them
    static_assert(!std::is_convertible_v<typename condition_conformance::locks_of<C>::mutex, C>);
    static_assert(!std::is_convertible_v<typename condition_conformance::locks_of<C>::recursive_mutex, C>);
    BOOST_TEST(true);
}

// Python tests 8 and 13: `with Condition():` works.
template <class C>
void test_default_condition_with_unique_lock()
{
    C c;
    {
        std::unique_lock<C> guard(c);
        BOOST_TEST(guard.owns_lock());
        BOOST_TEST(!other_can_lock(c));
    }
    BOOST_TEST(other_can_lock(c));
    {
        std::scoped_lock guard(c);
        BOOST_TEST(!other_can_lock(c));
    }
    BOOST_TEST(other_can_lock(c));
}

// Python test 9: Condition(Lock()) uses that lock.
template <class C>
void test_condition_over_a_mutex_shares_it()
{
    typename locks_of<C>::mutex m;
    C c(m);
    {
        std::unique_lock<C> guard(c);
        BOOST_TEST(m.locked());
        BOOST_TEST(!other_can_lock(m));
    }
    BOOST_TEST(!m.locked());
    m.lock();
    BOOST_TEST(!other_can_lock(c)); // held through the mutex handle
    m.unlock();
    BOOST_TEST(other_can_lock(c));
}

// Python test 10: Condition(RLock()) uses that lock, and `with` nests.
template <class C>
void test_condition_over_a_recursive_mutex_nests()
{
    typename locks_of<C>::recursive_mutex r;
    C c(r);
    {
        std::unique_lock<C> outer(c);
        {
            std::unique_lock<C> inner(c);
            BOOST_TEST(r.locked());
        }
        BOOST_TEST(r.locked()); // one level left
        BOOST_TEST(!other_can_lock(c));
    }
    BOOST_TEST(!r.locked());
    BOOST_TEST(other_can_lock(c));
    // Levels taken through either handle count together.
    r.lock();
    c.lock();
    r.unlock();
    BOOST_TEST(!other_can_lock(r));
    c.unlock();
    BOOST_TEST(!r.locked());
}

template <class C>
void test_default_condition_is_recursive()
{
    C c;
    {
        std::unique_lock<C> outer(c);
        {
            std::unique_lock<C> inner(c);
            BOOST_TEST(!other_can_lock(c));
        }
        BOOST_TEST(!other_can_lock(c));
    }
    BOOST_TEST(other_can_lock(c));
}

template <class C>
void test_copies_are_the_same_condition()
{
    C a;
    C b = a;
    BOOST_TEST((a == b));
    BOOST_TEST(!(a == C()));
    a.lock();
    BOOST_TEST(!other_can_lock(b));
    b.unlock();
    BOOST_TEST(other_can_lock(a));
}

// Python test 11: acquire() and release().
template <class C>
void test_lock_and_unlock()
{
    with_each_construction<C>([](C& c) {
        c.lock();
        BOOST_TEST(!other_can_lock(c));
        c.unlock();
        BOOST_TEST(other_can_lock(c));
        BOOST_TEST(c.try_lock());
        BOOST_TEST(!other_can_lock(c));
        c.unlock();
        BOOST_TEST(c.try_lock_for(10ms));
        c.unlock();
        BOOST_TEST(c.try_lock_until(std::chrono::system_clock::now() + 10ms));
        c.unlock();
        BOOST_TEST(other_can_lock(c));
    });
}

// Python test 12: acquire(timeout=-0.5) on a free lock succeeds (ours: a
// negative duration tries once).
template <class C>
void test_negative_timeout_on_a_free_lock_succeeds()
{
    with_each_construction<C>([](C& c) {
        BOOST_TEST(c.try_lock_for(-500ms) == true);
        const auto start = steady_clock::now();
        const bool other = in_other_thread([&] { return c.try_lock_for(-500ms); });
        BOOST_TEST(!other); // held: one try, no wait
        BOOST_TEST(since(start) < 100ms);
        c.unlock();
        BOOST_TEST(c.try_lock_until(steady_clock::now() - 1s) == true);
        c.unlock();
        BOOST_TEST(other_can_lock(c));
    });
}

// Python test 14: an exception inside `with cond` propagates and releases it.
template <class C>
void test_unique_lock_releases_on_exception()
{
    with_each_construction<C>([](C& c) {
        bool caught = false;
        try {
            std::unique_lock<C> guard(c);
            throw std::runtime_error("inside the scope");
        } catch (const std::runtime_error& e) {
            caught = std::string(e.what()) == "inside the scope";
        }
        BOOST_TEST(caught);
        BOOST_TEST(other_can_lock(c));
        c.lock();
        c.unlock();
    });
}

} // namespace condition_conformance

#endif // FREETHREADING_SYNC_TEST_CONDITION_LOCK_CONFORMANCE_HPP
