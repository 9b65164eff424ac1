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

// simple_queue_of, part one: put and get.

BOOST_AUTO_TEST_CASE_TEMPLATE(state_lives_where_the_spelling_says, Q, queue_spellings)
{
    queue_conformance::test_state_lives_where_the_spelling_says<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(put_then_get_returns_the_item, Q, queue_spellings)
{
    queue_conformance::test_put_then_get_returns_the_item<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(items_come_out_in_fifo_order, Q, queue_spellings)
{
    queue_conformance::test_items_come_out_in_fifo_order<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(try_get_on_an_empty_queue_returns_nothing, Q, queue_spellings)
{
    queue_conformance::test_try_get_on_an_empty_queue_returns_nothing<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(empty_follows_put_and_get, Q, queue_spellings)
{
    queue_conformance::test_empty_follows_put_and_get<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(copies_are_the_same_queue, Q, queue_spellings)
{
    queue_conformance::test_copies_are_the_same_queue<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_blocked_get_wakes_on_put, Q, queue_spellings)
{
    queue_conformance::test_a_blocked_get_wakes_on_put<Q>();
}

// simple_queue_of, part two: item types.

BOOST_AUTO_TEST_CASE_TEMPLATE(string_items_keep_their_bytes, Q, queue_spellings)
{
    queue_conformance::test_string_items_keep_their_bytes<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(vector_items_keep_their_elements, Q, queue_spellings)
{
    queue_conformance::test_vector_items_keep_their_elements<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(aggregate_items_keep_every_field, Q, queue_spellings)
{
    queue_conformance::test_aggregate_items_keep_every_field<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_million_ints_in_exact_order, Q, queue_spellings)
{
    queue_conformance::test_a_million_ints_in_exact_order<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(move_only_items_in_process_only, Q, queue_spellings)
{
    queue_conformance::test_move_only_items_in_process_only<Q>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(items_cross_to_another_contender_in_order, Q, queue_spellings)
{
    queue_conformance::test_items_cross_to_another_contender_in_order<Q>();
}

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
