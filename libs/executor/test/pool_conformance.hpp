//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_TEST_POOL_CONFORMANCE_HPP
#define FREETHREADING_EXECUTOR_TEST_POOL_CONFORMANCE_HPP

// The worker_pool_of suite: the Python package's WorkerPool tests (apply,
// apply with keyword arguments, apply_async with get(timeout) and with a
// callback, map, map with chunksize, map_async, imap, imap_unordered,
// starmap, starmap_async, close/join, terminate then apply) and the rest of
// DESIGN §4.1 for a pool. One function template per clause, written once
// and run over every spelling by a tiny driver (threading_pool_test.cpp).

#include "pool_test_support.hpp"

#include <freethreading/executor/concepts.hpp>
#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <ranges>

namespace pool_conformance {

using namespace pool_tests;
namespace ft = freethreading;

template <class P>
void test_models_worker_pool_of()
{
    static_assert(ft::worker_pool_of<P, int (*)(int), int>);
    static_assert(ft::maps<P, int (*)(int), int>);
    static_assert(!std::is_copy_constructible_v<P> && std::is_move_constructible_v<P>);
    static_assert(!std::is_constructible_v<P, P&, int>); // the forwarding constructors take no pool
    static_assert(!std::is_convertible_v<std::size_t, P>);
}

template <class P>
void test_apply_with_args()
{
    P pool(2);
    BOOST_TEST(pool.apply(square, 5) == 25);
    BOOST_TEST(pool.apply(add, 5, 3) == 8); // Python's apply(f, (5,), {"y": 3})
}

template <class P>
void test_apply_async_get_for()
{
    P pool(2);
    auto r = pool.apply_async(square, 7);
    BOOST_TEST(r.get_for(5s) == 49);
    BOOST_TEST(r.ready());
    BOOST_TEST(r.successful());
}

template <class P>
void test_apply_async_callback()
{
    std::mutex m;
    std::vector<int> seen;
    std::vector<std::string> errors;
    {
        P pool(2);
        auto r = pool.apply_async(ft::async_callbacks<int>{.callback =
                                                               [&](const int& v) {
                                                                   std::lock_guard<std::mutex> g(m);
                                                                   seen.push_back(v);
                                                               }},
                                  square, 6);
        BOOST_TEST(r.wait_for(5s));
        auto bad = pool.apply_async(ft::async_callbacks<int>{.error_callback =
                                                                 [&](std::exception_ptr e) {
                                                                     try {
                                                                         std::rethrow_exception(e);
                                                                     } catch (const std::exception& x) {
                                                                         std::lock_guard<std::mutex> g(m);
                                                                         errors.push_back(x.what());
                                                                     }
                                                                 }},
                                    boom, 1);
        BOOST_TEST(bad.wait_for(5s));
        BOOST_TEST(!bad.successful());
    }
    // The pool is gone: every callback has run.
    std::lock_guard<std::mutex> g(m);
    BOOST_TEST((seen == std::vector<int>{36}));
    BOOST_TEST((errors == std::vector<std::string>{"boom"}));
}

template <class P>
void test_map()
{
    P pool(2);
    BOOST_TEST((pool.map(square, std::vector<int>{1, 2, 3, 4}) == std::vector<int>{1, 4, 9, 16}));
    BOOST_TEST(pool.map(square, std::vector<int>{}).empty());
    const std::vector<int> big = iota(0, 1000); // Python's default chunking
    BOOST_TEST((pool.map(square, big) == squares(big)));
}

template <class P>
void test_map_chunksize()
{
    P pool(2);
    const std::vector<int> xs = iota(0, 10);
    BOOST_TEST((pool.map(square, xs, 3) == squares(xs)));
    BOOST_TEST((pool.map(square, std::views::iota(0, 10), 4) == squares(xs))); // a view of prvalues
}

template <class P>
void test_map_async()
{
    P pool(2);
    auto r = pool.map_async(square, std::vector<int>{1, 2, 3, 4});
    BOOST_TEST((r.get_for(5s) == std::vector<int>{1, 4, 9, 16}));
    std::atomic<int> total{0};
    auto cb = pool.map_async(ft::async_callbacks<std::vector<int>>{.callback =
                                                                      [&](const std::vector<int>& v) {
                                                                          for (int x : v)
                                                                              total += x;
                                                                      }},
                             square, iota(0, 10), 2);
    BOOST_TEST(cb.wait_for(5s));
    BOOST_TEST(eventually([&] { return total.load() == 285; }));
}

template <class P>
void test_imap_in_order()
{
    P pool(2);
    std::vector<int> got;
    for (int v : pool.imap(square, std::vector<int>{1, 2, 3, 4}))
        got.push_back(v);
    BOOST_TEST((got == std::vector<int>{1, 4, 9, 16}));
    got.clear();
    for (int v : pool.imap(square, iota(0, 10), 3))
        got.push_back(v);
    BOOST_TEST((got == squares(iota(0, 10))));
}

template <class P>
void test_imap_unordered_sorted_equal()
{
    P pool(2);
    std::vector<int> got;
    for (int v : pool.imap_unordered(square, std::vector<int>{1, 2, 3, 4}))
        got.push_back(v);
    std::sort(got.begin(), got.end());
    BOOST_TEST((got == std::vector<int>{1, 4, 9, 16}));
}

template <class P>
void test_starmap()
{
    P pool(2);
    const std::vector<std::tuple<int>> one{{1}, {2}, {3}, {4}};
    BOOST_TEST((pool.starmap(square, one) == std::vector<int>{1, 4, 9, 16}));
    const std::vector<std::tuple<int, int>> two{{1, 2}, {3, 4}, {5, 6}};
    BOOST_TEST((pool.starmap(add, two) == std::vector<int>{3, 7, 11}));
}

template <class P>
void test_starmap_async()
{
    P pool(2);
    const std::vector<std::tuple<int>> one{{1}, {2}, {3}, {4}};
    BOOST_TEST((pool.starmap_async(square, one).get_for(5s) == std::vector<int>{1, 4, 9, 16}));
}

template <class P>
void test_close_join()
{
    P pool(2);
    auto r = pool.apply_async(square, 5);
    pool.close();
    pool.join();
    BOOST_TEST(r.get_for(1s) == 25);
    BOOST_TEST(throws_logic_error([&] { (void)pool.apply(square, 1); }));
}

template <class P>
void test_terminate_then_apply_is_a_logic_error()
{
    P pool(2);
    pool.terminate();
    pool.join();
    try {
        (void)pool.apply(square, 5);
        BOOST_FAIL("apply after terminate() returned");
    } catch (const std::logic_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("apply") != std::string::npos);
        BOOST_TEST(what.find("terminate()") != std::string::npos);
    }
    BOOST_TEST(throws_logic_error([&] { (void)pool.map(square, std::vector<int>{1}); }));
}

template <class P>
void test_join_before_close_is_a_logic_error()
{
    P pool(1);
    BOOST_TEST(throws_logic_error([&] { pool.join(); }));
    BOOST_TEST(throws_logic_error([&] { (void)pool.join_for(1ms); }));
    pool.close();
    BOOST_TEST(pool.join_for(20s));
}

template <class P>
void test_map_rethrows_the_first_exception_in_input_order()
{
    P pool(2);
    try {
        (void)pool.map(fails_at_three_and_five, iota(0, 8), 1);
        BOOST_FAIL("map returned");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()) == "three");
    }
    auto r = pool.map_async(fails_at_three_and_five, iota(0, 8), 1);
    BOOST_TEST(r.wait_for(5s));
    BOOST_TEST(!r.successful());
    BOOST_CHECK_THROW((void)r.get(), std::runtime_error);
}

template <class P>
void test_imap_rethrows_at_the_failed_element()
{
    P pool(2);
    auto results = pool.imap(fails_at_three_and_five, iota(0, 5));
    std::vector<int> got;
    int failures = 0;
    for (auto it = results.begin(); it != results.end(); ++it) {
        try {
            got.push_back(*it);
        } catch (const std::runtime_error&) {
            ++failures;
        }
    }
    BOOST_TEST((got == std::vector<int>{0, 1, 2, 4}));
    BOOST_TEST(failures == 1);
}

template <class P>
void test_imap_has_timed_waits()
{
    P pool(1);
    ft::multiprocessing::event gate;
    const std::vector<std::pair<ft::multiprocessing::event, int>> xs{{gate, 1}, {gate, 2}};
    auto in_order = pool.imap(held_pair, xs);
    auto unordered = pool.imap_unordered(held_pair, xs);
    const auto t0 = steady_clock::now();
    BOOST_TEST(!in_order.wait_for(50ms));
    BOOST_TEST(!unordered.wait_until(steady_clock::now() + 50ms));
    BOOST_TEST(since(t0) >= 100ms);
    gate.set();
    BOOST_TEST(in_order.wait_for(20s));
    std::vector<int> got;
    for (auto it = in_order.begin(); it != in_order.end(); ++it) {
        BOOST_TEST(in_order.wait_for(20s));
        got.push_back(*it);
    }
    BOOST_TEST(unordered.wait_for(20s));
    for (int v : unordered)
        got.push_back(v);
    std::sort(got.begin() + 2, got.end());
    BOOST_TEST((got == std::vector<int>{1, 2, 1, 2}));
}

template <class P>
void test_imap_outlives_its_pool()
{
    std::optional<decltype(std::declval<P&>().imap(square, std::vector<int>{}))> results;
    {
        P pool(2);
        results.emplace(pool.imap_unordered(square, iota(0, 20), 2));
    }
    std::vector<int> got;
    for (int v : *results)
        got.push_back(v);
    std::sort(got.begin(), got.end());
    BOOST_TEST((got == squares(iota(0, 20))));
}

template <class P>
void test_void_tasks()
{
    P pool(2);
    static_assert(std::is_void_v<decltype(pool.map(nothing, std::vector<int>{}))>);
    pool.map(nothing, iota(0, 10));
    pool.apply(nothing, 1);
    pool.map_async(nothing, iota(0, 10)).get();
}

template <class P>
void test_vector_bool_results()
{
    P pool(2);
    const std::vector<int> xs = iota(0, 1001);
    std::vector<bool> expected;
    for (int x : xs)
        expected.push_back(x % 2 == 0);
    BOOST_TEST((pool.map(is_even, xs, 7) == expected));
    BOOST_TEST((pool.map_async(is_even, xs).get() == expected));
}

template <class P>
void test_bad_chunksize_is_invalid()
{
    P pool(1);
    BOOST_CHECK_THROW((void)pool.imap(square, std::vector<int>{1}, 0), std::invalid_argument);
    BOOST_CHECK_THROW((void)pool.imap_unordered(square, std::vector<int>{1}, 0), std::invalid_argument);
}

template <class P>
void test_zero_workers_is_the_usable_cpus()
{
    const std::size_t before = ft::active_children().size();
    P pool(0);
    BOOST_TEST(eventually(
        [&] { return ft::active_children().size() == before + ft::detail::usable_cpu_count(); }));
    BOOST_TEST(pool.apply(square, 3) == 9);
}

template <class P>
void test_a_moved_pool_goes_on()
{
    P pool(2);
    P moved(std::move(pool));
    BOOST_TEST(moved.apply(square, 4) == 16);
    BOOST_TEST(throws_logic_error([&] { (void)pool.apply(square, 4); }));
}

template <class P>
void test_an_initializer_that_throws_breaks_the_pool()
{
    try {
        P pool(2, boom, 1);
        BOOST_FAIL("the constructor returned");
    } catch (const ft::broken_pool_error& e) {
        BOOST_TEST(std::string(e.what()).find("boom") != std::string::npos);
    }
}

} // namespace pool_conformance

// Every case of the suite for the spellings in the std::tuple `spellings`:
// each driver names its types and expands this once.
#define FREETHREADING_TEST_POOL_CASES(spellings) \
    BOOST_AUTO_TEST_CASE_TEMPLATE(models_worker_pool_of, P, spellings) { pool_conformance::test_models_worker_pool_of<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(apply_with_args, P, spellings) { pool_conformance::test_apply_with_args<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(apply_async_get_for, P, spellings) { pool_conformance::test_apply_async_get_for<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(apply_async_callback, P, spellings) { pool_conformance::test_apply_async_callback<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(map, P, spellings) { pool_conformance::test_map<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(map_chunksize, P, spellings) { pool_conformance::test_map_chunksize<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(map_async, P, spellings) { pool_conformance::test_map_async<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(imap_in_order, P, spellings) { pool_conformance::test_imap_in_order<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(imap_unordered_sorted_equal, P, spellings) { pool_conformance::test_imap_unordered_sorted_equal<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(starmap, P, spellings) { pool_conformance::test_starmap<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(starmap_async, P, spellings) { pool_conformance::test_starmap_async<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(close_join, P, spellings) { pool_conformance::test_close_join<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(terminate_then_apply_is_a_logic_error, P, spellings) { pool_conformance::test_terminate_then_apply_is_a_logic_error<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(join_before_close_is_a_logic_error, P, spellings) { pool_conformance::test_join_before_close_is_a_logic_error<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(map_rethrows_the_first_exception_in_input_order, P, spellings) { pool_conformance::test_map_rethrows_the_first_exception_in_input_order<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(imap_rethrows_at_the_failed_element, P, spellings) { pool_conformance::test_imap_rethrows_at_the_failed_element<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(imap_has_timed_waits, P, spellings) { pool_conformance::test_imap_has_timed_waits<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(imap_outlives_its_pool, P, spellings) { pool_conformance::test_imap_outlives_its_pool<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(void_tasks, P, spellings) { pool_conformance::test_void_tasks<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(vector_bool_results, P, spellings) { pool_conformance::test_vector_bool_results<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(bad_chunksize_is_invalid, P, spellings) { pool_conformance::test_bad_chunksize_is_invalid<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(zero_workers_is_the_usable_cpus, P, spellings) { pool_conformance::test_zero_workers_is_the_usable_cpus<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(a_moved_pool_goes_on, P, spellings) { pool_conformance::test_a_moved_pool_goes_on<P>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(an_initializer_that_throws_breaks_the_pool, P, spellings) { pool_conformance::test_an_initializer_that_throws_breaks_the_pool<P>(); }

#endif // FREETHREADING_EXECUTOR_TEST_POOL_CONFORMANCE_HPP
