//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// condition over its three spellings: a condition is a lock. Waiting,
// hand-offs between contenders and owner death are condition_wait_test.cpp,
// condition_handoff_test.cpp and condition_owner_death_test.cpp.

#include <freethreading/sync/condition.hpp>

#include "condition_lock_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

using condition_types =
    std::tuple<freethreading::threading::condition, freethreading::multiprocessing::condition,
               freethreading::condition>;

BOOST_AUTO_TEST_CASE_TEMPLATE(models_the_concepts, C, condition_types)
{
    condition_conformance::test_models_the_concepts<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(default_condition_with_unique_lock, C, condition_types)
{
    condition_conformance::test_default_condition_with_unique_lock<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(condition_over_a_mutex_shares_it, C, condition_types)
{
    condition_conformance::test_condition_over_a_mutex_shares_it<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(condition_over_a_recursive_mutex_nests, C, condition_types)
{
    condition_conformance::test_condition_over_a_recursive_mutex_nests<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(default_condition_is_recursive, C, condition_types)
{
    condition_conformance::test_default_condition_is_recursive<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(copies_are_the_same_condition, C, condition_types)
{
    condition_conformance::test_copies_are_the_same_condition<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(lock_and_unlock, C, condition_types)
{
    condition_conformance::test_lock_and_unlock<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(negative_timeout_on_a_free_lock_succeeds, C, condition_types)
{
    condition_conformance::test_negative_timeout_on_a_free_lock_succeeds<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(unique_lock_releases_on_exception, C, condition_types)
{
    condition_conformance::test_unique_lock_releases_on_exception<C>();
}
