//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// DESIGN §4.1's spellings of the pools and executors, checked at compile time
// for the three spellings of each (the futures' are in future_test.cpp and
// async_result_test.cpp): names, argument and return types, defaults, the
// options aggregates. Code outside this repository is compiled against them.

#include <freethreading/executor.hpp>

#include <freethreading_test/api_check.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <future>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

namespace ft = freethreading;

namespace {

int add_one(int x)
{
    return x + 1;
}
int add(int a, int b)
{
    return a + b;
}
void nothing(int) {}
void init_with(int) {}

// pool_options and async_callbacks: aggregates whose every member has a default.
static_assert(std::is_aggregate_v<ft::pool_options>);
static_assert(std::is_same_v<decltype(ft::pool_options::max_tasks_per_child), std::size_t>);
static_assert(std::is_same_v<decltype(ft::pool_options::task_timeout), std::chrono::nanoseconds>);
static_assert(requires { ft::pool_options{.max_tasks_per_child = 3, .task_timeout = std::chrono::seconds(1)}; });
static_assert(requires { ft::pool_options{.task_timeout = std::chrono::milliseconds(5)}; });
static_assert(std::is_same_v<decltype(ft::async_callbacks<int>::callback), std::function<void(const int&)>>);
static_assert(std::is_same_v<decltype(ft::async_callbacks<int>::error_callback), std::function<void(std::exception_ptr)>>);
static_assert(std::is_same_v<decltype(ft::async_callbacks<void>::callback), std::function<void()>>);
static_assert(requires { ft::async_callbacks<int>{.error_callback = [](std::exception_ptr) {}}; });

// The free functions' vocabulary.
static_assert(std::is_enum_v<ft::return_when>);
static_assert(requires { ft::return_when::first_completed; ft::return_when::first_exception; ft::return_when::all_completed; });
static_assert(std::is_same_v<decltype(ft::wait_result<int>::done), std::vector<ft::future<int>>>);
static_assert(std::is_same_v<decltype(ft::wait_result<int>::not_done), std::vector<ft::future<int>>>);
static_assert(requires(std::vector<ft::future<int>>& fs) {
    { ft::wait(fs) } -> std::same_as<ft::wait_result<int>>;
    { ft::wait(fs, ft::return_when::first_completed) } -> std::same_as<ft::wait_result<int>>;
    { ft::wait_for(fs, std::chrono::milliseconds(1)) } -> std::same_as<ft::wait_result<int>>;
    { ft::wait_for(fs, std::chrono::seconds(1), ft::return_when::first_exception) } -> std::same_as<ft::wait_result<int>>;
    ft::as_completed(fs).begin();
});

template <class P>
constexpr bool pool_spelling()
{
    static_assert(!std::is_copy_constructible_v<P> && !std::is_copy_assignable_v<P>);
    static_assert(std::is_default_constructible_v<P>);
    static_assert(std::is_constructible_v<P, std::size_t>);
    static_assert(std::is_constructible_v<P, ft::pool_options>);
    static_assert(std::is_constructible_v<P, ft::pool_options, std::size_t>);
    static_assert(std::is_constructible_v<P, std::size_t, void (*)(int), int>);
    static_assert(std::is_constructible_v<P, ft::pool_options, std::size_t, void (*)(int), int>);
    static_assert(!std::is_convertible_v<std::size_t, P>); // explicit, or not a conversion

    FT_API_RETURNS(P, int, x.apply(&add_one, 1));
    FT_API_RETURNS(P, int, x.apply(&add, 1, 2));
    FT_API_RETURNS(P, ft::async_result<int>, x.apply_async(&add_one, 1));
    FT_API_RETURNS(P, ft::async_result<int>, x.apply_async(ft::async_callbacks<int>{}, &add_one, 1));
    FT_API_RETURNS(P, ft::async_result<void>, x.apply_async(&nothing, 1));
    FT_API_RETURNS(P, std::vector<int>, x.map(&add_one, std::vector<int>{}));
    FT_API_RETURNS(P, std::vector<int>, x.map(&add_one, std::vector<int>{}, std::size_t{4}));
    FT_API_RETURNS(P, void, x.map(&nothing, std::vector<int>{}));
    FT_API_RETURNS(P, ft::async_result<std::vector<int>>, x.map_async(&add_one, std::vector<int>{}));
    FT_API_RETURNS(P, ft::async_result<std::vector<int>>,
                   x.map_async(ft::async_callbacks<std::vector<int>>{}, &add_one, std::vector<int>{}, std::size_t{2}));
    FT_API_COMPILES(P, x.imap(&add_one, std::vector<int>{}).begin());
    FT_API_COMPILES(P, x.imap(&add_one, std::vector<int>{}, std::size_t{2}).begin());
    FT_API_COMPILES(P, x.imap_unordered(&add_one, std::vector<int>{}).begin());
    FT_API_RETURNS(P, std::vector<int>, x.starmap(&add, std::vector<std::tuple<int, int>>{}));
    FT_API_RETURNS(P, ft::async_result<std::vector<int>>, x.starmap_async(&add, std::vector<std::tuple<int, int>>{}));
    FT_API_RETURNS(P, void, x.close());
    FT_API_RETURNS(P, void, x.terminate());
    FT_API_RETURNS(P, void, x.join());
    FT_API_REJECTS(P, x.submit(&add_one, 1)); // that is the executor's
    FT_API_RETURNS(P, std::future<int>, x.apply_async(&add_one, 1).async_get(boost::asio::use_future));
    FT_API_RETURNS(P, std::future<void>, x.apply_async(&add_one, 1).async_wait(boost::asio::use_future));
    return true;
}

template <class E>
constexpr bool executor_spelling()
{
    static_assert(!std::is_copy_constructible_v<E> && !std::is_copy_assignable_v<E>);
    static_assert(std::is_default_constructible_v<E>);
    static_assert(std::is_constructible_v<E, std::size_t>);
    static_assert(std::is_constructible_v<E, ft::pool_options, std::size_t>);
    static_assert(std::is_constructible_v<E, std::size_t, void (*)(int), int>);
    static_assert(std::is_constructible_v<E, ft::pool_options, std::size_t, void (*)(int), int>);

    FT_API_RETURNS(E, ft::future<int>, x.submit(&add_one, 1));
    FT_API_RETURNS(E, ft::future<int>, x.submit(&add, 1, 2));
    FT_API_RETURNS(E, ft::future<void>, x.submit(&nothing, 1));
    FT_API_RETURNS(E, std::vector<int>, x.map(&add_one, std::vector<int>{}));
    FT_API_RETURNS(E, std::vector<int>, x.map(&add_one, std::vector<int>{}, std::size_t{8}));
    FT_API_RETURNS(E, void, x.map(&nothing, std::vector<int>{}));
    FT_API_RETURNS(E, std::vector<int>, x.map_for(&add_one, std::vector<int>{}, std::chrono::seconds(1)));
    FT_API_RETURNS(E, std::vector<int>, x.map_for(&add_one, std::vector<int>{}, std::chrono::milliseconds(1), std::size_t{2}));
    FT_API_RETURNS(E, void, x.shutdown());
    FT_API_RETURNS(E, void, x.shutdown(false));
    FT_API_RETURNS(E, void, x.shutdown(true, true));
    FT_API_REJECTS(E, x.apply(&add_one, 1)); // that is the pool's
    // DESIGN §7: the Asio executor, and the futures as Asio operations.
    FT_API_RETURNS(E, typename E::executor_type, x.get_executor());
    static_assert(boost::asio::execution::executor<typename E::executor_type>);
    static_assert(std::is_convertible_v<typename E::executor_type, boost::asio::any_io_executor>);
    FT_API_RETURNS(E, std::future<int>, x.submit(&add_one, 1).async_get(boost::asio::use_future));
    FT_API_RETURNS(E, std::future<void>, x.submit(&add_one, 1).async_wait(boost::asio::use_future));
    FT_API_RETURNS(E, boost::asio::awaitable<int>, x.submit(&add_one, 1).async_get(boost::asio::use_awaitable));
    return true;
}

static_assert(pool_spelling<ft::threading::worker_pool>());
static_assert(pool_spelling<ft::multiprocessing::worker_pool>());
static_assert(pool_spelling<ft::worker_pool>());
static_assert(executor_spelling<ft::threading::worker_pool_executor>());
static_assert(executor_spelling<ft::multiprocessing::worker_pool_executor>());
static_assert(executor_spelling<ft::worker_pool_executor>());

// Every forwarding constructor is constrained (DESIGN §4.1): a pool is never
// "constructed" from something that is not a size, options or an initializer.
static_assert(!std::is_constructible_v<ft::worker_pool_executor, std::string>);
static_assert(!std::is_constructible_v<ft::threading::worker_pool, std::size_t, int>);

BOOST_AUTO_TEST_CASE(the_spellings_compile_and_a_pool_runs_through_them)
{
    // The checks above are the test; one call through each facade proves
    // they describe working classes.
    ft::worker_pool_executor ex(1, &init_with, 7);
    BOOST_TEST(ex.submit(&add, 2, 3).get() == 5);
    ft::worker_pool pool(1);
    BOOST_TEST(pool.apply(&add_one, 41) == 42);
}

} // namespace
