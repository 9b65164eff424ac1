//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_CONDITION_CONSTRUCTIONS_HPP
#define FREETHREADING_SYNC_TEST_CONDITION_CONSTRUCTIONS_HPP

// What every part of the condition_like suite shares: the lock types of each
// spelling of `condition`, and the three constructions Python's
// Condition(lock) allows: with its own recursive_mutex, over a given mutex,
// over a given recursive_mutex. The parts are condition_lock_, _wait_,
// _handoff_ and _owner_death_conformance.hpp.

#include <freethreading/sync/condition.hpp>
#include <freethreading/sync/lock.hpp>
#include <freethreading/sync/rlock.hpp>

#include "sync_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

namespace condition_conformance {

using namespace std::chrono_literals;
using std::chrono::steady_clock;
using sync_test::in_other_thread;
using sync_test::other_can_lock;

// The lock types of each spelling, by their public names.
template <class C>
struct locks_of;

template <>
struct locks_of<freethreading::threading::condition>
{
    using mutex = freethreading::threading::mutex;
    using recursive_mutex = freethreading::threading::recursive_mutex;
};

template <>
struct locks_of<freethreading::multiprocessing::condition>
{
    using mutex = freethreading::multiprocessing::mutex;
    using recursive_mutex = freethreading::multiprocessing::recursive_mutex;
};

template <>
struct locks_of<freethreading::condition>
{
    using mutex = freethreading::mutex;
    using recursive_mutex = freethreading::recursive_mutex;
};

// Whether the condition's state is where forked children see it; contenders
// are processes exactly then. (This follows the spelling, which says where
// the state lives: DESIGN §3.)
template <class C>
bool is_shared()
{
    return sync_test::expected_shared<C, freethreading::threading::condition,
                                      freethreading::multiprocessing::condition>();
}

// The three constructions of Python's Condition(lock=None).
template <class C>
struct constructions
{
    typename locks_of<C>::mutex m{};
    typename locks_of<C>::recursive_mutex r{};
    C own{};
    C over_mutex{m};
    C over_recursive{r};
};

// Runs `f(c)` for each construction, naming it in failure messages.
template <class C, class F>
void with_each_construction(F f)
{
    constructions<C> k;
    BOOST_TEST_CONTEXT("condition()") f(k.own);
    BOOST_TEST_CONTEXT("condition(mutex)") f(k.over_mutex);
    BOOST_TEST_CONTEXT("condition(recursive_mutex)") f(k.over_recursive);
}

} // namespace condition_conformance

#endif // FREETHREADING_SYNC_TEST_CONDITION_CONSTRUCTIONS_HPP
