//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// semaphore and bounded_semaphore over their three spellings each: timed
// acquisition and contenders waiting on an empty semaphore.

#include <freethreading/sync/bounded_semaphore.hpp>
#include <freethreading/sync/semaphore.hpp>

#include "semaphore_wait_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

using semaphore_types =
    std::tuple<freethreading::threading::semaphore, freethreading::multiprocessing::semaphore, freethreading::semaphore,
               freethreading::threading::bounded_semaphore, freethreading::multiprocessing::bounded_semaphore,
               freethreading::bounded_semaphore>;

BOOST_AUTO_TEST_CASE_TEMPLATE(timed_acquire_then_try_acquire, S, semaphore_types)
{
    semaphore_wait_conformance::test_timed_acquire_then_try_acquire<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(zero_and_negative_timeouts_try_once, S, semaphore_types)
{
    semaphore_wait_conformance::test_zero_and_negative_timeouts_try_once<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(timed_acquire_returns_within_bounds, S, semaphore_types)
{
    semaphore_wait_conformance::test_timed_acquire_returns_within_bounds<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(release_n_wakes_n_waiters, S, semaphore_types)
{
    semaphore_wait_conformance::test_release_n_wakes_n_waiters<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(admits_at_most_its_value, S, semaphore_types)
{
    semaphore_wait_conformance::test_admits_at_most_its_value<S>();
}
