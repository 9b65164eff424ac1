//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// simple_queue<T> over its three spellings: the simple_queue_of suite, and
// Python's SimpleQueue tests 37-38.

#include <freethreading/queue.hpp>

#include "queue_conformance.hpp"
#include "queue_items_conformance.hpp"

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <tuple>
#include <type_traits>

using queue_spellings = std::tuple<freethreading::threading::simple_queue<int>,
                                   freethreading::multiprocessing::simple_queue<int>,
                                   freethreading::simple_queue<int>>;

// The simple_queue_of suite, one case per clause.

FREETHREADING_TEST_SIMPLE_QUEUE_OF_CASES(queue_spellings)

// What only simple_queue is.

// Python's SimpleQueue has only put, get and empty (and we add try_get): no
// bound, no timed forms, no task counting. A near miss per missing clause.
static_assert(!freethreading::queue_of<freethreading::threading::simple_queue<int>, int>);
static_assert(!freethreading::queue_of<freethreading::multiprocessing::simple_queue<int>, int>);
static_assert(!freethreading::queue_of<freethreading::simple_queue<int>, int>);
template <class Q>
concept counts_tasks = requires(Q& q) { q.task_done(); };
template <class Q>
concept has_timed_get = requires(Q& q) { q.get_for(std::chrono::seconds(1)); };
template <class Q>
concept has_size = requires(const Q& q) { q.size(); };
static_assert(counts_tasks<freethreading::queue<int>> && !counts_tasks<freethreading::simple_queue<int>>);
static_assert(has_timed_get<freethreading::queue<int>> && !has_timed_get<freethreading::simple_queue<int>>);
static_assert(has_size<freethreading::queue<int>> && !has_size<freethreading::simple_queue<int>>);
static_assert(!std::is_constructible_v<freethreading::simple_queue<int>, int>); // no maxsize

// Python test 37 with text, then 38's empty() after the gets.
BOOST_AUTO_TEST_CASE_TEMPLATE(hello_world_then_empty, Q, queue_spellings)
{
    queue_conformance::with_item<Q, std::string> q;
    BOOST_TEST(q.empty());
    q.put("hello");
    BOOST_TEST(!q.empty()); // no sleep even on mp: put is synchronous
    q.put("world");
    BOOST_TEST(q.get() == "hello");
    BOOST_TEST(q.get() == "world");
    BOOST_TEST(q.empty());
    BOOST_TEST(!q.try_get().has_value());
}

// Many producers and consumers share one simple queue: each item once.
BOOST_AUTO_TEST_CASE_TEMPLATE(contenders_share_one_simple_queue, Q, queue_spellings)
{
    using namespace queue_conformance;
    constexpr int producers = 2;
    constexpr int per_producer = 20'000;
    Q q;
    freethreading_test::shared_page<std::atomic<long long>> sum(0);
    freethreading_test::shared_page<std::atomic<int>> count(0);
    const bool ok = freethreading_test::run_contenders(is_shared(q), 2 * producers, [&](int i) {
        if (i < producers) {
            for (int k = 0; k < per_producer; ++k)
                q.put(i * per_producer + k + 1);
            q.put(0); // one end marker per producer, so per consumer
            return true;
        }
        int last[producers] = {0, 0};
        for (;;) {
            const int v = q.get();
            if (v == 0)
                return true;
            const int p = (v - 1) / per_producer;
            if (!expect(p >= 0 && p < producers && v > last[p], "out of order: " + std::to_string(v)))
                return false;
            last[p] = v;
            sum->fetch_add(v);
            count->fetch_add(1);
        }
    });
    BOOST_TEST(ok);
    const long long n = producers * per_producer;
    BOOST_TEST(count->load() == n);
    BOOST_TEST(sum->load() == n * (n + 1) / 2);
    BOOST_TEST(q.empty());
    BOOST_TEST(freethreading_test::count_children() == 0);
}
