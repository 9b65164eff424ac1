//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// condition over its three spellings: wait and notify by one owner, timeouts and predicates.

#include <freethreading/sync/condition.hpp>

#include "condition_wait_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

using condition_types =
    std::tuple<freethreading::threading::condition, freethreading::multiprocessing::condition,
               freethreading::condition>;

BOOST_AUTO_TEST_CASE_TEMPLATE(wait_for_times_out_with_false, C, condition_types)
{
    condition_conformance::test_wait_for_times_out_with_false<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(timed_waits_return_within_bounds, C, condition_types)
{
    condition_conformance::test_timed_waits_return_within_bounds<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(predicate_waits_return_the_predicate, C, condition_types)
{
    condition_conformance::test_predicate_waits_return_the_predicate<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(notify_without_waiters, C, condition_types)
{
    condition_conformance::test_notify_without_waiters<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(notify_all_then_reacquire, C, condition_types)
{
    condition_conformance::test_notify_all_then_reacquire<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(wait_and_notify_require_the_lock, C, condition_types)
{
    condition_conformance::test_wait_and_notify_require_the_lock<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(wait_releases_and_restores_every_level, C, condition_types)
{
    condition_conformance::test_wait_releases_and_restores_every_level<C>();
}
