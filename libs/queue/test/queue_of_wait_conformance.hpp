//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_TEST_QUEUE_OF_WAIT_CONFORMANCE_HPP
#define FREETHREADING_QUEUE_TEST_QUEUE_OF_WAIT_CONFORMANCE_HPP

// The queue_of suite, part two: the timed forms (within their bounds, any
// clock, zero and negative durations) and waits woken by another contender
// (a forked process where the state is shared, a thread otherwise). Function
// templates as in part one, queue_of_conformance.hpp.

#include <freethreading/queue.hpp>

#include "queue_conformance.hpp"
#include "queue_test_support.hpp"

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <thread>

namespace queue_conformance {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

// The time since `start`, in milliseconds (printable in a failure message).
inline std::chrono::duration<double, std::milli> since(steady_clock::time_point start)
{
    return steady_clock::now() - start;
}

// How late a timed call may return and still be called sane (a loaded,
// sanitized machine can be slow; a wait that never times out is not).
constexpr auto slack = 1s;

template <class Q>
void test_get_for_and_put_for_time_out_within_bounds()
{
    Q q(1);
    auto start = steady_clock::now();
    BOOST_TEST(!q.get_for(50ms).has_value());
    auto elapsed = since(start);
    BOOST_TEST(elapsed >= 50ms);
    BOOST_TEST(elapsed < 50ms + slack);

    q.put(1);
    start = steady_clock::now();
    BOOST_TEST(!q.put_for(2, 50ms));
    elapsed = since(start);
    BOOST_TEST(elapsed >= 50ms);
    BOOST_TEST(elapsed < 50ms + slack);
    BOOST_TEST(q.size() == 1u); // the item that timed out was not queued
    BOOST_TEST(q.get() == 1);
    BOOST_TEST(!q.try_get().has_value());
}

template <class Q>
void test_until_forms_accept_any_clock()
{
    Q q(1);
    auto start = steady_clock::now();
    BOOST_TEST(!q.get_until(std::chrono::system_clock::now() + 30ms).has_value());
    auto elapsed = since(start);
    BOOST_TEST(elapsed >= 29ms); // converted once to steady_clock: within a clock read
    BOOST_TEST(elapsed < 30ms + slack);

    BOOST_TEST(q.put_until(1, std::chrono::system_clock::now() + 1s)); // room: at once
    start = steady_clock::now();
    BOOST_TEST(!q.put_until(2, steady_clock::now() + 30ms));
    elapsed = since(start);
    BOOST_TEST(elapsed >= 30ms);
    BOOST_TEST(elapsed < 30ms + slack);
    BOOST_TEST(holds(q.get_until(std::chrono::system_clock::now() + 1s), 1));
    BOOST_TEST(!q.get_until(steady_clock::now() - 1s).has_value()); // in the past: tried once
}

template <class Q>
void test_zero_and_negative_durations_try_once()
{
    Q q(1);
    const auto start = steady_clock::now();
    BOOST_TEST(!q.get_for(0ms).has_value());
    BOOST_TEST(!q.get_for(-1s).has_value());
    BOOST_TEST(q.put_for(1, 0ms)); // room: a try succeeds
    BOOST_TEST(!q.put_for(2, -1s));
    BOOST_TEST(!q.put_for(2, 0ms));
    BOOST_TEST(holds(q.get_for(-1s), 1)); // an item: a try succeeds
    BOOST_TEST(since(start) < slack);
}

template <class Q>
void test_join_for_times_out_while_an_item_is_unfinished()
{
    Q q;
    q.put(1);
    BOOST_TEST(q.get() == 1); // taken but not marked done
    auto start = steady_clock::now();
    BOOST_TEST(!q.join_for(50ms));
    auto elapsed = since(start);
    BOOST_TEST(elapsed >= 50ms);
    BOOST_TEST(elapsed < 50ms + slack);
    start = steady_clock::now();
    BOOST_TEST(!q.join_until(std::chrono::system_clock::now() + 20ms));
    BOOST_TEST(since(start) >= 19ms);
    q.task_done();
    BOOST_TEST(q.join_for(0ms));
    BOOST_TEST(q.join_until(steady_clock::now()));
}

template <class Q>
void test_a_blocked_put_wakes_when_room_is_made()
{
    Q q(1);
    q.put(1);
    freethreading_test::shared_page<std::atomic<int>> stage(0);
    background_contenders producer(is_shared(q), 1, [&](int) {
        stage->store(1);
        const bool put = q.put_for(2, 20s); // full: waits for the get below
        stage->store(2);
        return expect(put, "the blocked put was not woken by a get");
    });
    while (stage->load() == 0)
        std::this_thread::yield();
    std::this_thread::sleep_for(20ms); // let it sleep (the test holds either way)
    BOOST_TEST(stage->load() == 1);    // still blocked: the queue is full
    BOOST_TEST(q.size() == 1u);
    BOOST_TEST(q.get() == 1);
    BOOST_TEST(producer.join());
    BOOST_TEST(stage->load() == 2);
    BOOST_TEST(holds(q.try_get(), 2));
    BOOST_TEST(freethreading_test::count_children() == 0);
}

template <class Q>
void test_a_joiner_wakes_on_the_last_task_done()
{
    Q q;
    q.put(1);
    q.put(2);
    freethreading_test::shared_page<std::atomic<int>> stage(0);
    background_contenders joiner(is_shared(q), 1, [&](int) {
        stage->store(1);
        const bool joined = q.join_for(20s);
        stage->store(2);
        return expect(joined, "join did not return after the last task_done");
    });
    while (stage->load() == 0)
        std::this_thread::yield();
    BOOST_TEST(q.get() == 1);
    q.task_done();
    std::this_thread::sleep_for(20ms);
    BOOST_TEST(stage->load() == 1); // one item still unfinished: the joiner waits
    BOOST_TEST(q.get() == 2);
    q.task_done();
    BOOST_TEST(joiner.join());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace queue_conformance

#endif // FREETHREADING_QUEUE_TEST_QUEUE_OF_WAIT_CONFORMANCE_HPP
