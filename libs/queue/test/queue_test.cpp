//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// queue<T> over its three spellings: the simple_queue_of suite, then what
// only queue_of has (bounds, timed forms, task_done / join): Python's tests
// 25-30 and the error model of DESIGN §4.2.

#include <freethreading/queue.hpp>

#include "queue_conformance.hpp"
#include "queue_items_conformance.hpp"
#include "queue_of_conformance.hpp"
#include "queue_of_wait_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

using queue_spellings =
    std::tuple<freethreading::threading::queue<int>, freethreading::multiprocessing::queue<int>, freethreading::queue<int>>;

// The simple_queue_of suite, one case per clause.

FREETHREADING_TEST_SIMPLE_QUEUE_OF_CASES(queue_spellings)

// queue_of, part one: bounds and task counting.

BOOST_AUTO_TEST_CASE_TEMPLATE(queue_models_queue_of, Q, queue_spellings)
{
    queue_conformance::test_queue_models_queue_of<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(try_put_and_try_get_on_empty_and_full, Q, queue_spellings)
{
    queue_conformance::test_try_put_and_try_get_on_empty_and_full<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(task_done_and_join, Q, queue_spellings)
{
    queue_conformance::test_task_done_and_join<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(size_counts_the_items, Q, queue_spellings)
{
    queue_conformance::test_size_counts_the_items<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(bounded_queue_empty_and_full, Q, queue_spellings)
{
    queue_conformance::test_bounded_queue_empty_and_full<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(task_done_too_often_is_a_logic_error, Q, queue_spellings)
{
    queue_conformance::test_task_done_too_often_is_a_logic_error<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(maxsize_is_checked_and_kept, Q, queue_spellings)
{
    queue_conformance::test_maxsize_is_checked_and_kept<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(refused_puts_leave_no_unfinished_task, Q, queue_spellings)
{
    queue_conformance::test_refused_puts_leave_no_unfinished_task<Q>();
}

// queue_of, part two: timed forms and waits.

BOOST_AUTO_TEST_CASE_TEMPLATE(get_for_and_put_for_time_out_within_bounds, Q, queue_spellings)
{
    queue_conformance::test_get_for_and_put_for_time_out_within_bounds<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(until_forms_accept_any_clock, Q, queue_spellings)
{
    queue_conformance::test_until_forms_accept_any_clock<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(zero_and_negative_durations_try_once, Q, queue_spellings)
{
    queue_conformance::test_zero_and_negative_durations_try_once<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(join_for_times_out_while_an_item_is_unfinished, Q, queue_spellings)
{
    queue_conformance::test_join_for_times_out_while_an_item_is_unfinished<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_blocked_put_wakes_when_room_is_made, Q, queue_spellings)
{
    queue_conformance::test_a_blocked_put_wakes_when_room_is_made<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_joiner_wakes_on_the_last_task_done, Q, queue_spellings)
{
    queue_conformance::test_a_joiner_wakes_on_the_last_task_done<Q>();
}
