//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// barrier over its three spellings: a barrier that is not broken, rounds
// across forked processes, and the isolation check of the action. How a
// barrier breaks is barrier_break_test.cpp.

#include <freethreading/sync/barrier.hpp>

#include "barrier_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

using barrier_types = std::tuple<freethreading::threading::barrier, freethreading::multiprocessing::barrier,
                                 freethreading::barrier>;

BOOST_AUTO_TEST_CASE_TEMPLATE(fresh_barrier, B, barrier_types)
{
    barrier_conformance::test_fresh_barrier<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(single_party, B, barrier_types)
{
    barrier_conformance::test_single_party<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(extra_parties_wait_for_the_next_generation, B, barrier_types)
{
    barrier_conformance::test_extra_parties_wait_for_the_next_generation<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(cross_process_rounds, B, barrier_types)
{
    barrier_conformance::test_cross_process_rounds<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(action_outside_loaded_objects_is_refused, B, barrier_types)
{
    barrier_conformance::test_action_outside_loaded_objects_is_refused<B>();
}
