//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// mutex / lock over its three spellings.

#include <freethreading/sync/lock.hpp>

#include "lockable_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>

using lock_types =
    std::tuple<freethreading::threading::mutex, freethreading::multiprocessing::mutex, freethreading::mutex>;

// The timed_lockable suite, clause by clause.

BOOST_AUTO_TEST_CASE_TEMPLATE(acquire_release, L, lock_types)
{
    lockable_conformance::test_acquire_release<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(scoped_and_unique_lock, L, lock_types)
{
    lockable_conformance::test_scoped_and_unique_lock<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(timeouts_zero_and_negative_try_once, L, lock_types)
{
    lockable_conformance::test_timeouts_zero_and_negative_try_once<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(timed_forms_return_within_bounds, L, lock_types)
{
    lockable_conformance::test_timed_forms_return_within_bounds<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(unlock_misuse_is_a_logic_error, L, lock_types)
{
    lockable_conformance::test_unlock_misuse_is_a_logic_error<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(failed_try_lock_until_returns_at_its_deadline, L, lock_types)
{
    lockable_conformance::test_failed_try_lock_until_returns_at_its_deadline<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(copies_are_the_same_lock, L, lock_types)
{
    lockable_conformance::test_copies_are_the_same_lock<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(matches_std_timed_mutex_oracle, L, lock_types)
{
    lockable_conformance::test_matches_std_timed_mutex_oracle<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(contended_counter_is_exact, L, lock_types)
{
    lockable_conformance::test_contended_counter_is_exact<L>();
}

// What only a non-recursive lock does.

static_assert(std::is_same_v<freethreading::lock, freethreading::mutex>);
static_assert(std::is_same_v<freethreading::threading::lock, freethreading::threading::mutex>);
static_assert(std::is_same_v<freethreading::multiprocessing::lock, freethreading::multiprocessing::mutex>);

BOOST_AUTO_TEST_CASE_TEMPLATE(relocking_a_held_mutex_is_refused, L, lock_types)
{
    L l;
    l.lock();
    try {
        l.lock();
        BOOST_ERROR("locking a held mutex again must throw");
    } catch (const std::logic_error& e) {
        BOOST_TEST(std::string(e.what()).find("already hold") != std::string::npos);
    }
    BOOST_TEST(!l.try_lock());
    BOOST_TEST(!l.try_lock_for(std::chrono::milliseconds(5)));
    l.unlock();
}
