//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_TEST_QUEUE_OF_CONFORMANCE_HPP
#define FREETHREADING_QUEUE_TEST_QUEUE_OF_CONFORMANCE_HPP

// The queue_of suite, part one: what a queue has beyond simple_queue_of
// without waiting (bounds, task_done / join, maxsize), Python's tests 27-30
// and the error model of DESIGN §4.2. Written once as one function template
// per clause (`test_<clause><Q>()`, Q a spelling of `queue<int>`) and run
// over every spelling by queue_test.cpp, after the simple_queue_of suite.
// Part two, the timed forms and waits, is queue_of_wait_conformance.hpp.

#include <freethreading/queue.hpp>

#include "queue_conformance.hpp"
#include "queue_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace queue_conformance {

template <class Q>
void test_queue_models_queue_of()
{
    static_assert(freethreading::queue_of<Q, int>);
    static_assert(freethreading::queue_of<with_item<Q, std::string>, std::string>);
    static_assert(freethreading::queue_of<with_item<Q, record>, record>);
    Q q;
    BOOST_TEST(q.maxsize() == 0u);
    BOOST_TEST(q.size() == 0u);
    BOOST_TEST(!q.full()); // an unbounded queue is never full
}

// Python test 27, and the same on a full queue (maxsize 1).
template <class Q>
void test_try_put_and_try_get_on_empty_and_full()
{
    Q q(1);
    BOOST_TEST(!q.try_get().has_value()); // empty: Python's get_nowait raises Empty
    BOOST_TEST(q.try_put(42));
    BOOST_TEST(q.full());
    BOOST_TEST(!q.try_put(43)); // full: Python's put_nowait raises Full
    BOOST_TEST(q.size() == 1u);
    BOOST_TEST(holds(q.try_get(), 42)); // the refused item was not queued
    BOOST_TEST(!q.try_get().has_value());
    BOOST_TEST(q.try_put(44)); // room again
    BOOST_TEST(holds(q.try_get(), 44));
}

// Python test 28.
template <class Q>
void test_task_done_and_join()
{
    Q q;
    BOOST_TEST(q.join_for(0ms)); // nothing put: nothing to wait for
    q.put(1);
    q.put(2);
    BOOST_TEST(!q.join_for(0ms));
    BOOST_TEST(q.get() == 1);
    q.task_done();
    BOOST_TEST(!q.join_for(0ms)); // one item still unfinished
    BOOST_TEST(q.get() == 2);
    q.task_done();
    q.join(); // returns at once
    BOOST_TEST(q.join_for(0ms));
    BOOST_TEST(q.empty());
}

// Python test 29.
template <class Q>
void test_size_counts_the_items()
{
    Q q;
    BOOST_TEST(q.size() == 0u);
    q.put(1); // synchronous: visible to size() at once (Python sleeps 10 ms on mp)
    BOOST_TEST(q.size() == 1u);
    q.put(2);
    BOOST_TEST(q.size() == 2u);
    BOOST_TEST(q.get() == 1);
    BOOST_TEST(q.size() == 1u);
    BOOST_TEST(q.get() == 2);
    BOOST_TEST(q.size() == 0u);
}

// Python test 30.
template <class Q>
void test_bounded_queue_empty_and_full()
{
    Q q(2);
    BOOST_TEST(q.maxsize() == 2u);
    BOOST_TEST(q.empty());
    BOOST_TEST(!q.full());
    q.put(1);
    BOOST_TEST(!q.empty());
    BOOST_TEST(!q.full());
    q.put(2);
    BOOST_TEST(!q.empty());
    BOOST_TEST(q.full());
    BOOST_TEST(q.get() == 1);
    BOOST_TEST(!q.full());
    BOOST_TEST(q.get() == 2);
    BOOST_TEST(q.empty());
    BOOST_TEST(!q.full());
}

template <class Q>
void test_task_done_too_often_is_a_logic_error()
{
    Q q;
    BOOST_TEST(throws<std::logic_error>([&] { q.task_done(); }));
    q.put(1);
    BOOST_TEST(q.get() == 1);
    q.task_done();
    try {
        q.task_done();
        BOOST_ERROR("a second task_done for one item must throw");
    } catch (const std::logic_error& e) {
        BOOST_TEST(std::string(e.what()).find("task_done") != std::string::npos);
    }
    // The refused call left the count alone: one more item needs one more task_done.
    q.put(2);
    BOOST_TEST(!q.join_for(0ms));
    BOOST_TEST(q.get() == 2);
    q.task_done();
    BOOST_TEST(q.join_for(0ms));
}

template <class Q>
void test_maxsize_is_checked_and_kept()
{
    BOOST_TEST(Q().maxsize() == 0u);
    BOOST_TEST(Q(0).maxsize() == 0u);
    BOOST_TEST(Q(7).maxsize() == 7u);
    try {
        Q q(-1);
        BOOST_ERROR("a negative maxsize must throw");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("-1") != std::string::npos);
    }
    BOOST_TEST(throws<std::invalid_argument>([] { Q q(-5); }));
    BOOST_TEST(throws<std::invalid_argument>([] { Q q(std::ptrdiff_t(1) << 40); }));
    // A large bound costs nothing up front (the ring grows by chunks).
    Q big((std::ptrdiff_t(1) << 28) - 1);
    BOOST_TEST(big.maxsize() == (std::size_t(1) << 28) - 1);
    big.put(1);
    BOOST_TEST(big.get() == 1);
}

template <class Q>
void test_refused_puts_leave_no_unfinished_task()
{
    Q q(1);
    q.put(1);
    BOOST_TEST(!q.try_put(2));
    BOOST_TEST(!q.put_for(3, 1ms));
    BOOST_TEST(q.get() == 1);
    q.task_done();
    BOOST_TEST(q.join_for(0ms)); // the refused puts were not counted
    BOOST_TEST(throws<std::logic_error>([&] { q.task_done(); }));
}

} // namespace queue_conformance

#endif // FREETHREADING_QUEUE_TEST_QUEUE_OF_CONFORMANCE_HPP
