//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// event over its three spellings.

#include <freethreading/sync/event.hpp>

#include "event_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

using event_types =
    std::tuple<freethreading::threading::event, freethreading::multiprocessing::event, freethreading::event>;

BOOST_AUTO_TEST_CASE_TEMPLATE(is_set_follows_set_and_clear, E, event_types)
{
    event_conformance::test_is_set_follows_set_and_clear<E>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(wait_for_times_out_until_set, E, event_types)
{
    event_conformance::test_wait_for_times_out_until_set<E>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(state_lives_where_the_spelling_says, E, event_types)
{
    event_conformance::test_state_lives_where_the_spelling_says<E>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(copies_are_the_same_event, E, event_types)
{
    event_conformance::test_copies_are_the_same_event<E>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(wait_until_takes_any_clock, E, event_types)
{
    event_conformance::test_wait_until_takes_any_clock<E>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(timed_waits_return_within_bounds, E, event_types)
{
    event_conformance::test_timed_waits_return_within_bounds<E>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(clear_makes_later_waits_block, E, event_types)
{
    event_conformance::test_clear_makes_later_waits_block<E>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(set_wakes_an_untimed_wait, E, event_types)
{
    event_conformance::test_set_wakes_an_untimed_wait<E>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(set_releases_every_waiting_contender, E, event_types)
{
    event_conformance::test_set_releases_every_waiting_contender<E>();
}
