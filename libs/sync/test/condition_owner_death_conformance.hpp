//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_CONDITION_OWNER_DEATH_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_CONDITION_OWNER_DEATH_CONFORMANCE_HPP

// The condition_like suite, part four: a condition's lock is robust on
// shared memory (DESIGN §4.2). Written once as one function template per
// clause (`test_<clause><C>()`) and run by condition_owner_death_test.cpp
// over every spelling of `condition`, each of its three constructions, and
// both ways to die (_exit and SIGKILL). An in-process condition has no other
// process to die holding it: its cases pass empty.

#include <freethreading/sync/condition.hpp>

#include <freethreading/core/errors.hpp>

#include "condition_constructions.hpp"

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <thread>

#include <unistd.h>

namespace condition_conformance {

using freethreading_test::now_ns;
using freethreading_test::since;
using sync_test::skip_unless_shared;

// How a child holding the condition's lock ends: `_exit` (no unlock, no
// destructors) or SIGKILL.
enum class death { exit, kill };

inline const char* to_text(death how)
{
    return how == death::kill ? "SIGKILL" : "_exit";
}

[[noreturn]] inline void die(death how)
{
    if (how == death::kill)
        ::raise(SIGKILL);
    ::_exit(0);
}

inline bool died_as(freethreading_test::child_status s, death how)
{
    return how == death::kill ? s.signal == SIGKILL : s.exited_with(0);
}

// Runs `f(c, how)` for each construction and each way to die.
template <class C, class F>
void with_each_construction_and_death(F f)
{
    with_each_construction<C>([&](C& c) {
        for (const death how : {death::exit, death::kill})
            BOOST_TEST_CONTEXT(to_text(how)) f(c, how);
    });
}

// DESIGN §4.2: a condition's lock is robust on shared memory. A process that
// dies holding it is reported once, within a second: lock() throws
// owner_died_error without the lock.
template <class C>
void test_owner_death_is_reported_once()
{
    if (skip_unless_shared(is_shared<C>()))
        return;
    with_each_construction_and_death<C>([](C& c, death how) {
        const auto status = freethreading_test::run_in_child([&] {
            c.lock();
            die(how);
            return true;
        });
        BOOST_TEST(died_as(status, how));
        const auto start = steady_clock::now();
        try {
            c.lock();
            BOOST_ERROR("lock() after the owner died must throw owner_died_error");
            c.unlock();
        } catch (const freethreading::owner_died_error&) {
        }
        BOOST_TEST(since(start) < 1s);
        BOOST_TEST(!sync_test::held_by_caller(c)); // returned without the lock,
        BOOST_TEST(other_can_lock(c));   // which is consistent,
        c.lock();                        // and reported once
        c.unlock();
    });
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// A waiter's wait times out while a child holds the lock, so the waiter
// blocks retaking it; the child then dies holding it. The wait throws
// owner_died_error *with* the lock held, within a second of the death.
template <class C>
void test_waiter_retaking_the_lock_sees_the_death()
{
    if (skip_unless_shared(is_shared<C>()))
        return;
    with_each_construction_and_death<C>([](C& c, death how) {
        freethreading_test::shared_page<std::atomic<int>> took(0);
        freethreading_test::shared_page<std::atomic<std::int64_t>> dying_at(0);
        c.lock();
        const pid_t child = freethreading_test::start_child([&] {
            if (!c.try_lock_for(5s))
                return false;
            took->store(1);
            std::this_thread::sleep_for(150ms); // outlasts the waiter's 50 ms wait
            dying_at->store(now_ns());
            die(how);
            return true;
        });
        const auto start = steady_clock::now();
        std::int64_t reported_at = 0;
        try {
            // Only the death ends this: seeing `took` needs the lock back.
            while (!c.wait_for(50ms, [&] { return took->load() == 1; }) && since(start) < 5s)
                ;
            BOOST_ERROR("the wait returned without reporting the death");
        } catch (const freethreading::owner_died_error&) {
            reported_at = now_ns();
        }
        BOOST_TEST(sync_test::held_by_caller(c)); // wait* returns or throws holding its lock
        BOOST_TEST(reported_at > dying_at->load());
        BOOST_TEST(std::chrono::nanoseconds(reported_at - dying_at->load()) < 1s);
        BOOST_TEST(died_as(freethreading_test::wait_child(child), how));
        BOOST_TEST(!other_can_lock(c)); // held by us
        c.unlock();                     // and unlockable by us: we are the owner
        BOOST_TEST(other_can_lock(c));
    });
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// A notifier that dies holding the lock after notify(): the waiter must not
// sleep until its timeout (an untimed wait() would never return, against
// DESIGN §4.2 "wait*() always returns or throws holding its lock"); it wakes
// within a second and throws owner_died_error holding the lock.
// (notify() defers its futex wake to the unlock that frees the lock, which a
// dead notifier never runs: the waiter must notice the moved sequence anyway.)
template <class C>
void test_notify_then_owner_death_wakes_the_waiter()
{
    if (skip_unless_shared(is_shared<C>()))
        return;
    with_each_construction_and_death<C>([](C& c, death how) {
        freethreading_test::shared_page<std::atomic<int>> took(0);
        c.lock();
        const pid_t child = freethreading_test::start_child([&] {
            if (!c.try_lock_for(5s))
                return false;
            took->store(1);
            c.notify();
            die(how); // holding the lock, its notify pending
            return true;
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
        BOOST_TEST(sync_test::held_by_caller(c));
        BOOST_TEST(died_as(freethreading_test::wait_child(child), how));
        c.unlock();
        BOOST_TEST(other_can_lock(c));
    });
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace condition_conformance

#endif // FREETHREADING_SYNC_TEST_CONDITION_OWNER_DEATH_CONFORMANCE_HPP
