//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Boost.Asio integration (DESIGN §7), over the three executor spellings:
// async_wait / async_get with each completion token, the task's exception,
// an async_result awaited, completion on the handler's associated executor
// (a strand), 10,000 concurrent co_awaits on one thread, and a future
// without a state refused. (Cancellation: asio_cancellation_test.cpp; the
// pool's own Asio executor: asio_executor_test.cpp.)

#include <freethreading/executor.hpp>

#include "asio_test_support.hpp"
#include "pool_test_support.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/promise.hpp>
#include <boost/asio/experimental/use_promise.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace ft = freethreading;
using namespace asio_tests;
using namespace pool_tests;

BOOST_AUTO_TEST_CASE_TEMPLATE(async_get_and_async_wait_complete_with_each_token, E, executor_types)
{
    E ex(2);
    asio::io_context io;
    std::vector<int> got;
    auto record = [&](std::exception_ptr e, int v) {
        BOOST_TEST(!e);
        got.push_back(v);
    };
    // A callback with an associated executor, and a deferred operation.
    ex.submit(square, 2).async_get(asio::bind_executor(io, record));
    auto deferred = ex.submit(square, 3).async_get(asio::deferred);
    std::move(deferred)(asio::bind_executor(io, record));
    // use_awaitable, for a value, a void result and a wait.
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            got.push_back(co_await ex.submit(square, 4).async_get(asio::use_awaitable));
            co_await ex.submit(nothing, 0).async_get(asio::use_awaitable);
            auto f = ex.submit(square, 5);
            co_await f.async_wait(asio::use_awaitable);
            BOOST_TEST(f.done());
            got.push_back(f.get());
        },
        asio::detached);
    boost::system::error_code waited = asio::error::eof;
    ex.submit(square, 6).async_wait(asio::bind_executor(io, [&](boost::system::error_code ec) { waited = ec; }));
    run(io);
    std::sort(got.begin(), got.end());
    BOOST_TEST(got == (std::vector<int>{4, 9, 16, 25}), boost::test_tools::per_element());
    BOOST_TEST(!waited);

    // use_future, without an io_context.
    BOOST_TEST(ex.submit(square, 7).async_get(asio::use_future).get() == 49);
    std::future<void> waited_future = ex.submit(square, 7).async_wait(asio::use_future);
    BOOST_TEST((waited_future.wait_for(20s) == std::future_status::ready));

    // experimental::use_promise, awaited while the task is still running.
    // Asio 1.81's promise is not thread-safe: it completes on the thread
    // where it is awaited, by binding the token to that executor.
    auto gate = ft::multiprocessing::event();
    auto held_task = ex.submit(held, gate, 8);
    auto promise = held_task.async_get(asio::bind_executor(io, asio::experimental::use_promise));
    int from_promise = 0;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto [e, v] = co_await promise(asio::as_tuple(asio::use_awaitable));
            BOOST_TEST(!e);
            from_promise = v;
        },
        asio::detached);
    io.restart();
    io.poll();
    gate.set();
    run(io);
    BOOST_TEST(from_promise == 8);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(async_get_delivers_the_tasks_exception, E, executor_types)
{
    E ex(2);
    asio::io_context io;
    std::exception_ptr from_callback;
    int calls = 0;
    ex.submit(boom, 1).async_get(asio::bind_executor(io, [&](std::exception_ptr e, int) {
        from_callback = e;
        ++calls;
    }));
    bool thrown = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            try {
                (void)co_await ex.submit(boom, 2).async_get(asio::use_awaitable);
            } catch (const std::exception& e) {
                thrown = std::string(e.what()).find("boom") != std::string::npos;
            }
        },
        asio::detached);
    run(io);
    BOOST_TEST(calls == 1);
    BOOST_TEST(holds(from_callback, "boom"));
    BOOST_TEST(thrown);
    auto fut = ex.submit(boom, 3).async_get(asio::use_future);
    BOOST_CHECK_THROW(fut.get(), std::exception);
    // A wait does not fail with the task.
    std::future<void> waited = ex.submit(boom, 4).async_wait(asio::use_future);
    BOOST_TEST((waited.wait_for(20s) == std::future_status::ready));
    BOOST_CHECK_NO_THROW(waited.get());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(async_result_is_awaitable, P, pool_types)
{
    P pool(2);
    asio::io_context io;
    int one = 0;
    std::vector<int> many;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            one = co_await pool.apply_async(square, 6).async_get(asio::use_awaitable);
            many = co_await pool.map_async(square, iota(0, 10)).async_get(asio::use_awaitable);
            co_await pool.apply_async(square, 1).async_wait(asio::use_awaitable);
        },
        asio::detached);
    run(io);
    BOOST_TEST(one == 36);
    BOOST_TEST(many == squares(iota(0, 10)), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_completion_runs_on_the_handlers_strand, E, executor_types)
{
    E ex(2);
    asio::io_context io;
    auto strand = asio::make_strand(io);
    std::atomic<int> on_strand{0}, calls{0};
    for (int i = 0; i < 20; ++i)
        ex.submit(square, i).async_get(asio::bind_executor(strand, [&](std::exception_ptr, int) {
            on_strand += strand.running_in_this_thread() ? 1 : 0;
            ++calls;
        }));
    asio::co_spawn(
        strand,
        [&]() -> asio::awaitable<void> {
            for (int i = 0; i < 5; ++i) {
                (void)co_await ex.submit(square, i).async_get(asio::use_awaitable);
                on_strand += strand.running_in_this_thread() ? 1 : 0;
                ++calls;
            }
        },
        asio::detached);
    std::thread second([&] { io.run_for(20s); });
    io.run_for(20s);
    second.join();
    BOOST_TEST(calls == 25);
    BOOST_TEST(on_strand == 25);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(ten_thousand_concurrent_co_awaits_on_one_thread, E, executor_types)
{
    E ex(2);
    asio::io_context io;
    constexpr int n = 10000;
    long long sum = 0;
    int done = 0;
    for (int i = 0; i < n; ++i)
        asio::co_spawn(
            io,
            [&ex, &sum, &done, i]() -> asio::awaitable<void> {
                sum += co_await ex.submit(square, i % 100).async_get(asio::use_awaitable);
                ++done;
            },
            asio::detached);
    run(io);
    long long expected = 0;
    for (int i = 0; i < n; ++i)
        expected += (i % 100) * (i % 100);
    BOOST_TEST(done == n);
    BOOST_TEST(sum == expected);
}

BOOST_AUTO_TEST_CASE(a_future_without_a_state_is_refused)
{
    ft::future<int> none;
    BOOST_CHECK_THROW((void)none.async_get(asio::use_future), std::logic_error);
    ft::async_result<int> no_result;
    BOOST_CHECK_THROW((void)no_result.async_wait(asio::use_future), std::logic_error);
}

} // namespace
