//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// barrier over its three spellings: how a barrier breaks (timeouts, abort,
// reset, a throwing action, a death inside it).

#include <freethreading/sync/barrier.hpp>

#include "barrier_break_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

using barrier_types = std::tuple<freethreading::threading::barrier, freethreading::multiprocessing::barrier,
                                 freethreading::barrier>;

BOOST_AUTO_TEST_CASE_TEMPLATE(timeout_breaks_within_bounds, B, barrier_types)
{
    barrier_break_conformance::test_timeout_breaks_within_bounds<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(wait_until_breaks_at_its_deadline, B, barrier_types)
{
    barrier_break_conformance::test_wait_until_breaks_at_its_deadline<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(abort_breaks_until_reset, B, barrier_types)
{
    barrier_break_conformance::test_abort_breaks_until_reset<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(abort_wakes_every_waiting_thread, B, barrier_types)
{
    barrier_break_conformance::test_abort_wakes_every_waiting_thread<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(abort_wakes_every_waiting_process, B, barrier_types)
{
    barrier_break_conformance::test_abort_wakes_every_waiting_process<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(reset_while_a_party_waits, B, barrier_types)
{
    barrier_break_conformance::test_reset_while_a_party_waits<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(throwing_action_breaks, B, barrier_types)
{
    barrier_break_conformance::test_throwing_action_breaks<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(cross_process_timeout_breaks_the_waiters, B, barrier_types)
{
    barrier_break_conformance::test_cross_process_timeout_breaks_the_waiters<B>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(death_inside_the_barrier_breaks_it, B, barrier_types)
{
    barrier_break_conformance::test_death_inside_the_barrier_breaks_it<B>();
}
