//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// semaphore and bounded_semaphore over their three spellings each: the count.
// Waiting and contention are semaphore_wait_test.cpp.

#include <freethreading/sync/bounded_semaphore.hpp>
#include <freethreading/sync/semaphore.hpp>

#include "semaphore_count_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>
#include <type_traits>

using plain_semaphore_types = std::tuple<freethreading::threading::semaphore, freethreading::multiprocessing::semaphore,
                                         freethreading::semaphore>;
using bounded_semaphore_types =
    std::tuple<freethreading::threading::bounded_semaphore, freethreading::multiprocessing::bounded_semaphore,
               freethreading::bounded_semaphore>;
using semaphore_types =
    std::tuple<freethreading::threading::semaphore, freethreading::multiprocessing::semaphore, freethreading::semaphore,
               freethreading::threading::bounded_semaphore, freethreading::multiprocessing::bounded_semaphore,
               freethreading::bounded_semaphore>;

BOOST_AUTO_TEST_CASE_TEMPLATE(acquire_release, S, semaphore_types)
{
    semaphore_count_conformance::test_acquire_release<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(default_value_is_one, S, semaphore_types)
{
    semaphore_count_conformance::test_default_value_is_one<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(state_lives_where_the_spelling_says, S, semaphore_types)
{
    semaphore_count_conformance::test_state_lives_where_the_spelling_says<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(copies_are_the_same_semaphore, S, semaphore_types)
{
    semaphore_count_conformance::test_copies_are_the_same_semaphore<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(unique_lock_releases_on_exception, S, semaphore_types)
{
    semaphore_count_conformance::test_unique_lock_releases_on_exception<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(negative_value_is_invalid_argument, S, semaphore_types)
{
    semaphore_count_conformance::test_negative_value_is_invalid_argument<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(value_counts, S, semaphore_types)
{
    semaphore_count_conformance::test_value_counts<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(matches_std_counting_semaphore_oracle, S, semaphore_types)
{
    semaphore_count_conformance::test_matches_std_counting_semaphore_oracle<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(over_release_is_a_logic_error, S, bounded_semaphore_types)
{
    semaphore_count_conformance::test_over_release_is_a_logic_error<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(plain_semaphore_may_exceed_its_initial_value, S, plain_semaphore_types)
{
    semaphore_count_conformance::test_plain_semaphore_may_exceed_its_initial_value<S>();
}

// Distinct types: a bounded semaphore is not a plain one under another name.
static_assert(!std::is_same_v<freethreading::semaphore, freethreading::bounded_semaphore>);
static_assert(!std::is_same_v<freethreading::threading::semaphore, freethreading::multiprocessing::semaphore>);
