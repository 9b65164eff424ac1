//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_TEST_EXECUTOR_CONFORMANCE_HPP
#define FREETHREADING_EXECUTOR_TEST_EXECUTOR_CONFORMANCE_HPP

// The executor_of suite: the Python package's WorkerPoolExecutor tests (map,
// submit, shutdown then submit) and the rest of DESIGN §4.1 for an
// executor: the seed's factorials and primes, cancel, shutdown with
// cancel_futures, exceptions, stop tokens, task_timeout, worker
// replacement, the initializer, map_for. One function template per clause,
// run over every spelling by a tiny driver (threading_executor_test.cpp).

#include "pool_test_support.hpp"

#include <freethreading/executor/concepts.hpp>
#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <set>

namespace executor_conformance {

using namespace pool_tests;
namespace ft = freethreading;

template <class E>
void test_models_executor_of()
{
    static_assert(ft::executor_of<E, int (*)(int), int>);
    static_assert(ft::executor_of<E, int (*)(typename E::stop_token_type, int), int>);
    static_assert(ft::maps<E, int (*)(int), int>);
    static_assert(!ft::executor_of<E, int (*)(int)>);           // a missing argument
    static_assert(!ft::executor_of<E, int (*)(int), std::string>); // a wrong one
    static_assert(!std::is_copy_constructible_v<E> && std::is_move_constructible_v<E>);
    static_assert(!std::is_constructible_v<E, E&, int>);
}

template <class E>
void test_submit()
{
    E ex(2);
    BOOST_TEST(ex.submit(square, 5).get() == 25);
    auto f = ex.submit(add, 2, 3);
    BOOST_TEST(f.get_for(5s) == 5);
    BOOST_TEST(f.done());
    BOOST_TEST(!f.cancelled());
    BOOST_TEST(!f.exception());
}

template <class E>
void test_map()
{
    E ex(2);
    BOOST_TEST((ex.map(square, std::vector<int>{1, 2, 3, 4}) == std::vector<int>{1, 4, 9, 16}));
    BOOST_TEST((ex.map(square, iota(0, 100), 7) == squares(iota(0, 100))));
    BOOST_CHECK_THROW((void)ex.map(square, std::vector<int>{1}, 0), std::invalid_argument);
}

template <class E>
void test_shutdown_then_submit_is_a_logic_error()
{
    E ex(2);
    BOOST_TEST(ex.submit(square, 3).get() == 9);
    ex.shutdown(true);
    try {
        (void)ex.submit(square, 3);
        BOOST_FAIL("submit after shutdown() returned");
    } catch (const std::logic_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("submit") != std::string::npos);
        BOOST_TEST(what.find("shutdown()") != std::string::npos);
    }
    ex.shutdown(); // again: harmless
}

template <class E>
void test_the_seeds_factorials()
{
    E ex(2);
    std::vector<ft::future<std::uint64_t>> fs;
    for (int n : {5, 10, 15, 20})
        fs.push_back(ex.submit(factorial, n));
    std::vector<std::uint64_t> got;
    for (auto& f : fs)
        got.push_back(f.get());
    BOOST_TEST((got == std::vector<std::uint64_t>{120, 3628800, 1307674368000ULL, 2432902008176640000ULL}));
}

template <class E>
void test_the_primes_from_500_to_599()
{
    E ex(2);
    const std::vector<int> xs = iota(500, 600);
    const std::vector<bool> prime = ex.map(is_prime, xs);
    std::vector<int> primes;
    for (std::size_t i = 0; i < xs.size(); ++i)
        if (prime[i])
            primes.push_back(xs[i]);
    BOOST_TEST(primes.size() == 14u);
    BOOST_TEST((primes == std::vector<int>{503, 509, 521, 523, 541, 547, 557, 563, 569, 571, 577, 587, 593, 599}));
}

template <class E>
void test_pending_futures_can_be_cancelled()
{
    E ex(1);
    ft::multiprocessing::event entered, gate;
    auto running = ex.submit(held_after, entered, gate, 1);
    BOOST_TEST(entered.wait_for(20s));
    auto pending = ex.submit(square, 2);
    BOOST_TEST(!running.cancel());
    BOOST_TEST(pending.cancel());
    BOOST_TEST(pending.cancelled());
    BOOST_TEST(pending.done());
    BOOST_CHECK_THROW((void)pending.get(), ft::cancelled_error);
    gate.set();
    BOOST_TEST(running.get() == 1);
    BOOST_TEST(!running.cancelled());
}

template <class E>
void test_shutdown_cancel_futures()
{
    E ex(1);
    ft::multiprocessing::event entered, gate;
    auto running = ex.submit(held_after, entered, gate, 1);
    BOOST_TEST(entered.wait_for(20s));
    std::vector<ft::future<int>> pending;
    for (int i = 0; i < 3; ++i)
        pending.push_back(ex.submit(square, i));
    ex.shutdown(false, true);
    for (auto& f : pending)
        BOOST_TEST(f.cancelled());
    gate.set();
    BOOST_TEST(running.get() == 1); // a running task is not cancelled
    ex.shutdown(true);
}

template <class E>
void test_a_standard_exception_comes_back_as_itself()
{
    E ex(1);
    try {
        (void)ex.submit(boom, 1).get();
        BOOST_FAIL("no exception");
    } catch (const std::runtime_error& e) {
        BOOST_TEST((typeid(e) == typeid(std::runtime_error)));
        BOOST_TEST(std::string(e.what()) == "boom");
    }
    BOOST_TEST((ex.submit(boom, 1).exception() != nullptr));
}

template <class E>
void test_a_user_exception_comes_back_as_remote_error()
{
    E ex(1);
    try {
        (void)ex.submit(throw_user_error, 1).get();
        BOOST_FAIL("no exception");
    } catch (const ft::remote_error& e) {
        BOOST_TEST(e.type_name().find("user_error") != std::string::npos);
        BOOST_TEST(std::string(e.what()) == "mine");
    }
}

template <class E>
void test_request_stop_ends_a_running_task()
{
    E ex(1);
    auto f = ex.submit(until_stopped<typename E::stop_token_type>, 7);
    BOOST_TEST(eventually([&] { return f.running(); }));
    const auto t0 = steady_clock::now();
    BOOST_TEST(f.request_stop());
    BOOST_TEST(f.get() == 7);
    BOOST_TEST(since(t0) < 5s);
}

template <class E>
void test_task_timeout()
{
    E ex(ft::pool_options{.task_timeout = 200ms}, 2);
    const auto t0 = steady_clock::now();
    auto slow = ex.submit(until_stopped<typename E::stop_token_type>, 1);
    auto quick = ex.submit(square, 4);
    BOOST_TEST(quick.get() == 16);
    BOOST_CHECK_THROW((void)slow.get(), ft::timeout_error);
    const auto waited = since(t0);
    BOOST_TEST(waited >= 200ms);
    BOOST_TEST(waited < 200ms + 4 * timing_slack);
    BOOST_TEST(ex.submit(square, 5).get() == 25); // the others are unharmed
}

template <class E>
void test_max_tasks_per_child_replaces_workers()
{
    E ex(ft::pool_options{.max_tasks_per_child = 2}, 1);
    std::vector<ft::ident_type> idents;
    for (int i = 0; i < 6; ++i)
        idents.push_back(ex.submit(worker_ident, i).get());
    BOOST_TEST(idents[0] == idents[1]);
    BOOST_TEST(idents[1] != idents[2]);
    BOOST_TEST(idents[2] == idents[3]);
    BOOST_TEST(idents[3] != idents[4]);
    BOOST_TEST(std::set<ft::ident_type>(idents.begin(), idents.end()).size() == 3u);
}

template <class E>
void test_an_initializer_that_throws_breaks_the_executor()
{
    try {
        E ex(2, boom, 1);
        BOOST_FAIL("the constructor returned");
    } catch (const ft::broken_pool_error& e) {
        BOOST_TEST(std::string(e.what()).find("boom") != std::string::npos);
    }
}

template <class E>
void test_map_for()
{
    E ex(1);
    BOOST_TEST((ex.map_for(square, std::vector<int>{1, 2, 3}, 20s) == std::vector<int>{1, 4, 9}));
    ft::multiprocessing::event gate;
    const std::vector<std::pair<ft::multiprocessing::event, int>> xs{{gate, 1}, {gate, 2}, {gate, 3}};
    const auto t0 = steady_clock::now();
    try {
        (void)ex.map_for(held_pair, xs, 100ms);
        BOOST_FAIL("map_for returned");
    } catch (const ft::timeout_error& e) {
        BOOST_TEST(std::string(e.what()).find("map_for") != std::string::npos);
    }
    const auto waited = since(t0);
    BOOST_TEST(waited >= 100ms);
    BOOST_TEST(waited < 100ms + 4 * timing_slack);
    gate.set();
    BOOST_TEST(ex.submit(square, 6).get() == 36); // the cancelled chunks never ran in its way
}

template <class E>
void test_zero_workers_is_the_usable_cpus()
{
    const std::size_t before = ft::active_children().size();
    E ex(0);
    BOOST_TEST(eventually(
        [&] { return ft::active_children().size() == before + ft::detail::usable_cpu_count(); }));
    BOOST_TEST(ex.submit(square, 3).get() == 9);
}

template <class E>
void test_map_of_void_and_of_bool()
{
    E ex(2);
    static_assert(std::is_void_v<decltype(ex.map(nothing, std::vector<int>{}))>);
    ex.map(nothing, iota(0, 10));
    const std::vector<int> xs = iota(0, 333);
    std::vector<bool> expected;
    for (int x : xs)
        expected.push_back(x % 2 == 0);
    BOOST_TEST((ex.map(is_even, xs, 5) == expected));
}

} // namespace executor_conformance

// Every case of the suite for the spellings in the std::tuple `spellings`:
// each driver names its types and expands this once.
#define FREETHREADING_TEST_EXECUTOR_CASES(spellings) \
    BOOST_AUTO_TEST_CASE_TEMPLATE(models_executor_of, E, spellings) { executor_conformance::test_models_executor_of<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(submit, E, spellings) { executor_conformance::test_submit<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(map, E, spellings) { executor_conformance::test_map<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(shutdown_then_submit_is_a_logic_error, E, spellings) { executor_conformance::test_shutdown_then_submit_is_a_logic_error<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(the_seeds_factorials, E, spellings) { executor_conformance::test_the_seeds_factorials<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(the_primes_from_500_to_599, E, spellings) { executor_conformance::test_the_primes_from_500_to_599<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(pending_futures_can_be_cancelled, E, spellings) { executor_conformance::test_pending_futures_can_be_cancelled<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(shutdown_cancel_futures, E, spellings) { executor_conformance::test_shutdown_cancel_futures<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(a_standard_exception_comes_back_as_itself, E, spellings) { executor_conformance::test_a_standard_exception_comes_back_as_itself<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(a_user_exception_comes_back_as_remote_error, E, spellings) { executor_conformance::test_a_user_exception_comes_back_as_remote_error<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(request_stop_ends_a_running_task, E, spellings) { executor_conformance::test_request_stop_ends_a_running_task<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(task_timeout, E, spellings) { executor_conformance::test_task_timeout<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(max_tasks_per_child_replaces_workers, E, spellings) { executor_conformance::test_max_tasks_per_child_replaces_workers<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(an_initializer_that_throws_breaks_the_executor, E, spellings) { executor_conformance::test_an_initializer_that_throws_breaks_the_executor<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(map_for, E, spellings) { executor_conformance::test_map_for<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(zero_workers_is_the_usable_cpus, E, spellings) { executor_conformance::test_zero_workers_is_the_usable_cpus<E>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(map_of_void_and_of_bool, E, spellings) { executor_conformance::test_map_of_void_and_of_bool<E>(); }

#endif // FREETHREADING_EXECUTOR_TEST_EXECUTOR_CONFORMANCE_HPP
