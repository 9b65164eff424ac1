//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// condition over its three spellings: owner death on shared memory.

#include <freethreading/sync/condition.hpp>

#include "condition_owner_death_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

using condition_types =
    std::tuple<freethreading::threading::condition, freethreading::multiprocessing::condition,
               freethreading::condition>;

BOOST_AUTO_TEST_CASE_TEMPLATE(owner_death_is_reported_once, C, condition_types)
{
    condition_conformance::test_owner_death_is_reported_once<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(waiter_retaking_the_lock_sees_the_death, C, condition_types)
{
    condition_conformance::test_waiter_retaking_the_lock_sees_the_death<C>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(notify_then_owner_death_wakes_the_waiter, C, condition_types)
{
    condition_conformance::test_notify_then_owner_death_wakes_the_waiter<C>();
}
