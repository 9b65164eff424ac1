//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_CONDITION_OWNER_DEATH_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_CONDITION_OWNER_DEATH_CONFORMANCE_HPP

// The condition_like suite, part four: a condition's lock is robust on
// shared memory (DESIGN §4.2). Written once and run over every spelling of
// `condition`; include after defining `condition_types`. An in-process
// condition has no other process to die holding it: its cases pass empty.

#include <freethreading/sync/condition.hpp>

#include <freethreading/core/errors.hpp>

#include "condition_constructions.hpp"

#include <freethreading_test/contenders.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>

namespace condition_conformance {

using freethreading_test::since;
using sync_test::skip_unless_shared;

} // namespace condition_conformance

// DESIGN §4.2: a condition's lock is robust on shared memory. A process that
// dies holding it is reported once: lock() throws owner_died_error without
// the lock; wait*() throws it *with* the lock held.
BOOST_AUTO_TEST_CASE_TEMPLATE(owner_death_is_reported_once, C, condition_types)
{
    using namespace condition_conformance;
    if (skip_unless_shared(is_shared<C>()))
        return;
    with_each_construction<C>([](C& c) {
        // A child takes the lock and exits holding it.
        const auto status = freethreading_test::run_in_child([&] {
            c.lock();
            return true;
        });
        BOOST_TEST(status.exited_with(0));
        try {
            c.lock();
            BOOST_ERROR("lock() after the owner died must throw owner_died_error");
            c.unlock();
        } catch (const freethreading::owner_died_error&) {
        }
        BOOST_TEST(other_can_lock(c)); // returned without the lock, which is consistent
        c.lock();                      // and reported once
        c.unlock();

        // A waiter times out while a child dies holding the lock: the wait
        // throws with the lock held.
        freethreading_test::shared_page<std::atomic<int>> took(0);
        c.lock();
        const pid_t child = freethreading_test::start_child([&] {
            if (!c.try_lock_for(5s))
                return false;
            took->store(1);
            return true; // exits holding the lock
        });
        bool died = false;
        try {
            (void)c.wait_for(200ms, [&] { return took->load() == 1; });
        } catch (const freethreading::owner_died_error&) {
            died = true;
        }
        BOOST_TEST(died);
        BOOST_TEST(freethreading_test::wait_child(child).exited_with(0));
        BOOST_TEST(!other_can_lock(c)); // held by us
        c.unlock();                     // and unlockable by us: we are the owner
        BOOST_TEST(other_can_lock(c));
    });
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// A notifier that dies holding the lock after notify(): the waiter must not
// sleep until its timeout (an untimed wait() would never return, against
// DESIGN §4.2 "wait*() always returns or throws holding its lock"); it wakes
// and throws owner_died_error holding the lock.
// (notify() defers its futex wake to the unlock that frees the lock, which a
// dead notifier never runs: the waiter must notice the moved sequence anyway.)
BOOST_AUTO_TEST_CASE_TEMPLATE(notify_then_owner_death_wakes_the_waiter, C, condition_types)
{
    using namespace condition_conformance;
    if (skip_unless_shared(is_shared<C>()))
        return;
    C c;
    freethreading_test::shared_page<std::atomic<int>> took(0);
    c.lock();
    const pid_t child = freethreading_test::start_child([&] {
        if (!c.try_lock_for(5s))
            return false;
        took->store(1);
        c.notify();
        return true; // exits holding the lock, its notify pending
    });
    const auto start = steady_clock::now();
    bool died = false;
    try {
        (void)c.wait_for(2s, [&] { return took->load() == 1; });
    } catch (const freethreading::owner_died_error&) {
        died = true;
    }
    const auto elapsed = since(start);
    BOOST_TEST(died);
    BOOST_TEST(elapsed < 1000ms);
    BOOST_TEST(freethreading_test::wait_child(child).exited_with(0));
    c.unlock();
    BOOST_TEST(other_can_lock(c));
    BOOST_TEST(freethreading_test::count_children() == 0);
}

#endif // FREETHREADING_SYNC_TEST_CONDITION_OWNER_DEATH_CONFORMANCE_HPP
