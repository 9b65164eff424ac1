//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// worker_pool: the worker_pool_of suite over its spellings, then what only
// a thread pool can show: nested submission from a task, the original
// exception nested in remote_error, initializers that touch the caller's
// memory, worker names, stop tokens of running tasks, a map over a range
// whose iteration waits for the tasks.

#include <freethreading/executor/worker_pool.hpp>

#include "pool_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <ranges>
#include <set>
#include <stop_token>
#include <thread>
#include <tuple>
#include <vector>

using pool_types = std::tuple<freethreading::threading::worker_pool>;

FREETHREADING_TEST_POOL_CASES(pool_types)

namespace {

namespace ft = freethreading;
using namespace std::chrono_literals;
using ft::threading::worker_pool;

} // namespace

BOOST_AUTO_TEST_CASE(nested_submission_with_one_worker_does_not_deadlock)
{
    worker_pool pool(1);
    const int r = pool.apply([&pool](int x) { return pool.apply(pool_tests::square, x) + 1; }, 6);
    BOOST_TEST(r == 37);
    auto total = pool.apply_async([&pool] {
        const std::vector<int> v = pool.map_async(pool_tests::square, pool_tests::iota(0, 10), 2).get();
        int sum = 0;
        for (int x : pool.imap_unordered(pool_tests::square, pool_tests::iota(0, 4)))
            sum += x;
        for (int x : v)
            sum += x;
        return sum;
    });
    BOOST_TEST(total.get_for(20s) == 285 + 14);
}

// map queues each chunk of a range that is not contiguous storage as soon
// as it is full (pool_chunks.hpp): here producing element i waits until
// the task of element i - 1 has run, which a chunk held back for a batch
// would never do.
BOOST_AUTO_TEST_CASE(map_queues_each_chunk_of_a_generated_range_at_once)
{
    worker_pool pool(2);
    std::atomic<int> ran{0};
    int starved = 0;
    auto inputs = std::views::iota(0, 8) | std::views::transform([&](int i) {
                      const auto deadline = std::chrono::steady_clock::now() + 2s;
                      while (ran.load() < i && std::chrono::steady_clock::now() < deadline)
                          std::this_thread::sleep_for(100us);
                      starved += ran.load() < i ? 1 : 0;
                      return i;
                  });
    const std::vector<int> out = pool.map(
        [&ran](int x) {
            ++ran;
            return x * 2;
        },
        inputs, 1);
    BOOST_TEST(starved == 0);
    BOOST_TEST(out == (std::vector<int>{0, 2, 4, 6, 8, 10, 12, 14}));
}

BOOST_AUTO_TEST_CASE(callbacks_may_be_given_as_a_braced_list)
{
    std::atomic<int> got{0};
    {
        worker_pool pool(1);
        auto r = pool.apply_async({.callback = [&got](const int& v) { got = v; }}, pool_tests::square, 9);
        BOOST_TEST(r.get() == 81);
        auto m = pool.map_async({.error_callback = [&got](std::exception_ptr) { got = -1; }}, pool_tests::boom,
                                std::vector<int>{1});
        BOOST_TEST(m.wait_for(20s));
    }
    BOOST_TEST(got.load() == -1);
}

BOOST_AUTO_TEST_CASE(a_user_exception_is_nested_in_remote_error)
{
    worker_pool pool(1);
    try {
        (void)pool.apply(pool_tests::throw_user_error, 1);
        BOOST_FAIL("no exception");
    } catch (const ft::remote_error& e) {
        BOOST_TEST(e.type_name().find("user_error") != std::string::npos);
        BOOST_CHECK_THROW(std::rethrow_if_nested(e), pool_tests::user_error);
    }
}

BOOST_AUTO_TEST_CASE(the_initializer_runs_once_per_worker_before_any_task)
{
    std::atomic<int> runs{0};
    worker_pool pool(3, [](std::atomic<int>* r) { r->fetch_add(1); }, &runs);
    BOOST_TEST(runs.load() == 3);
    BOOST_TEST(pool.apply([&runs] { return runs.load(); }) == 3);
}

BOOST_AUTO_TEST_CASE(pool_workers_are_named_thread_n)
{
    worker_pool pool(2);
    const std::vector<std::string> names = pool.map(pool_tests::worker_name, pool_tests::iota(0, 50), 1);
    for (const std::string& n : names)
        BOOST_TEST(n.rfind("Thread-", 0) == 0);
    const std::set<std::string> distinct(names.begin(), names.end());
    BOOST_TEST(distinct.size() <= 2u);
}

BOOST_AUTO_TEST_CASE(terminate_requests_stop_of_running_tasks)
{
    worker_pool pool(1);
    std::atomic<bool> started{false};
    auto running = pool.apply_async([&started](std::stop_token t) { // a std::stop_token works too
        started = true;
        const auto end = std::chrono::steady_clock::now() + 20s;
        while (!t.stop_requested() && std::chrono::steady_clock::now() < end)
            std::this_thread::sleep_for(1ms);
        return t.stop_requested();
    });
    auto queued = pool.apply_async(pool_tests::square, 2);
    BOOST_TEST(pool_tests::eventually([&] { return started.load(); }));
    pool.terminate();
    BOOST_TEST(running.get_for(20s) == true);
    BOOST_CHECK_THROW((void)queued.get(), ft::cancelled_error);
    pool.join();
}
