//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// queue<T> over its three spellings: the simple_queue_of suite, then what
// only queue_of has (bounds, timed forms, task_done / join): Python's tests
// 27-30 and the error model of DESIGN §4.2.

#include <freethreading/queue.hpp>

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <tuple>

using queue_spellings =
    std::tuple<freethreading::threading::queue<int>, freethreading::multiprocessing::queue<int>, freethreading::queue<int>>;

#include "queue_conformance.hpp"

namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

// The time since `start`, in milliseconds (printable in a failure message).
std::chrono::duration<double, std::milli> since(steady_clock::time_point start)
{
    return steady_clock::now() - start;
}

// How late a timed call may return and still be called sane (a loaded,
// sanitized machine can be slow; a wait that never times out is not).
constexpr auto slack = 1s;

} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(queue_models_queue_of, Q, queue_spellings)
{
    using namespace queue_conformance;
    static_assert(freethreading::queue_of<Q, int>);
    static_assert(freethreading::queue_of<with_item<Q, std::string>, std::string>);
    static_assert(freethreading::queue_of<with_item<Q, record>, record>);
    Q q;
    BOOST_TEST(q.maxsize() == 0u);
    BOOST_TEST(q.size() == 0u);
    BOOST_TEST(!q.full()); // an unbounded queue is never full
}

// Python test 27, and the same on a full queue (maxsize 1).
BOOST_AUTO_TEST_CASE_TEMPLATE(try_put_and_try_get_on_empty_and_full, Q, queue_spellings)
{
    using namespace queue_conformance;
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
BOOST_AUTO_TEST_CASE_TEMPLATE(task_done_and_join, Q, queue_spellings)
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
BOOST_AUTO_TEST_CASE_TEMPLATE(size_counts_the_items, Q, queue_spellings)
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
BOOST_AUTO_TEST_CASE_TEMPLATE(bounded_queue_empty_and_full, Q, queue_spellings)
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

BOOST_AUTO_TEST_CASE_TEMPLATE(task_done_too_often_is_a_logic_error, Q, queue_spellings)
{
    Q q;
    using queue_conformance::throws;
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

BOOST_AUTO_TEST_CASE_TEMPLATE(maxsize_is_checked_and_kept, Q, queue_spellings)
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
    BOOST_TEST(queue_conformance::throws<std::invalid_argument>([] { Q q(-5); }));
    BOOST_TEST(queue_conformance::throws<std::invalid_argument>([] { Q q(std::ptrdiff_t(1) << 40); }));
    // A large bound costs nothing up front (the ring grows by chunks).
    Q big((std::ptrdiff_t(1) << 28) - 1);
    BOOST_TEST(big.maxsize() == (std::size_t(1) << 28) - 1);
    big.put(1);
    BOOST_TEST(big.get() == 1);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(get_for_and_put_for_time_out_within_bounds, Q, queue_spellings)
{
    using namespace queue_conformance;
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

BOOST_AUTO_TEST_CASE_TEMPLATE(until_forms_accept_any_clock, Q, queue_spellings)
{
    using namespace queue_conformance;
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

BOOST_AUTO_TEST_CASE_TEMPLATE(zero_and_negative_durations_try_once, Q, queue_spellings)
{
    using namespace queue_conformance;
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

BOOST_AUTO_TEST_CASE_TEMPLATE(join_for_times_out_while_an_item_is_unfinished, Q, queue_spellings)
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

BOOST_AUTO_TEST_CASE_TEMPLATE(refused_puts_leave_no_unfinished_task, Q, queue_spellings)
{
    Q q(1);
    q.put(1);
    BOOST_TEST(!q.try_put(2));
    BOOST_TEST(!q.put_for(3, 1ms));
    BOOST_TEST(q.get() == 1);
    q.task_done();
    BOOST_TEST(q.join_for(0ms)); // the refused puts were not counted
    BOOST_TEST(queue_conformance::throws<std::logic_error>([&] { q.task_done(); }));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_blocked_put_wakes_when_room_is_made, Q, queue_spellings)
{
    using namespace queue_conformance;
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

BOOST_AUTO_TEST_CASE_TEMPLATE(a_joiner_wakes_on_the_last_task_done, Q, queue_spellings)
{
    using namespace queue_conformance;
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
