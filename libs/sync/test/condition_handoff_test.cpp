//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// condition over its three spellings: notifications handed between
// contenders.

#include <freethreading/sync/condition.hpp>

#include "condition_handoff_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

using condition_types =
    std::tuple<freethreading::threading::condition, freethreading::multiprocessing::condition,
               freethreading::condition>;

BOOST_AUTO_TEST_CASE_TEMPLATE(notify_wakes_the_waiter_when_the_lock_is_released, C, condition_types)
{
    condition_conformance::test_notify_wakes_the_waiter_when_the_lock_is_released<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(notify_one_then_all, C, condition_types)
{
    condition_conformance::test_notify_one_then_all<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(producer_consumer_through_one_slot, C, condition_types)
{
    condition_conformance::test_producer_consumer_through_one_slot<C>();
}
