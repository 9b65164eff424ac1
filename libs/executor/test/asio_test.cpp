//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Boost.Asio integration (DESIGN §7), over the three executor spellings:
// async_wait / async_get with each completion token, the task's exception,
// completion on the handler's associated executor (a strand), per-operation
// cancellation of a pending, a running stop-token and a finished task, an
// io_context destroyed with operations pending, 10,000 concurrent co_awaits
// on one thread, and the pool's own Asio executor.

#include <freethreading/executor.hpp>

#include "future_test_support.hpp"
#include "pool_test_support.hpp"

#include <boost/asio.hpp>
#include <boost/asio/experimental/promise.hpp>
#include <boost/asio/experimental/use_promise.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <future>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace ft = freethreading;
using namespace pool_tests;

using executor_types = std::tuple<ft::threading::worker_pool_executor, ft::multiprocessing::worker_pool_executor,
                                  ft::worker_pool_executor>;
using pool_types = std::tuple<ft::threading::worker_pool, ft::multiprocessing::worker_pool, ft::worker_pool>;

/** Whether an exception_ptr holds a std::exception whose message contains `text`. */
bool holds(const std::exception_ptr& e, const std::string& text)
{
    if (!e)
        return false;
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& x) {
        return std::string(x.what()).find(text) != std::string::npos;
    } catch (...) {
        return false;
    }
}

bool is_aborted(const std::exception_ptr& e)
{
    if (!e)
        return false;
    try {
        std::rethrow_exception(e);
    } catch (const boost::system::system_error& x) {
        return x.code() == asio::error::operation_aborted;
    } catch (...) {
        return false;
    }
}

/** Runs `io` on this thread until it has no work (bounded: a failing test cannot hang). */
void run(asio::io_context& io)
{
    io.run_for(20s);
    BOOST_TEST_REQUIRE(io.stopped());
}

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

BOOST_AUTO_TEST_CASE_TEMPLATE(cancelling_a_pending_task, E, executor_types)
{
    E ex(1);
    auto gate = ft::multiprocessing::event();
    auto blocker = ex.submit(held, gate, 1);
    auto pending = ex.submit(square, 3);
    asio::io_context io;
    asio::cancellation_signal signal;
    int calls = 0;
    bool aborted = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            try {
                (void)co_await pending.async_get(asio::bind_cancellation_slot(signal.slot(), asio::use_awaitable));
            } catch (const boost::system::system_error& e) {
                aborted = e.code() == asio::error::operation_aborted;
            }
            ++calls;
        },
        asio::detached);
    asio::post(io, [&] { signal.emit(asio::cancellation_type::total); });
    run(io);
    BOOST_TEST(calls == 1);
    BOOST_TEST(aborted);
    BOOST_TEST(pending.cancelled());
    gate.set();
    BOOST_TEST(blocker.get_for(20s) == 1);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(cancelling_a_running_stop_token_task_requests_stop, E, executor_types)
{
    E ex(1);
    auto running = ex.submit(&until_stopped<typename E::stop_token_type>, 7);
    BOOST_TEST_REQUIRE(eventually([&] { return running.running(); }));
    asio::io_context io;
    asio::cancellation_signal signal;
    int calls = 0;
    std::exception_ptr seen;
    running.async_get(
        asio::bind_cancellation_slot(signal.slot(), asio::bind_executor(io, [&](std::exception_ptr e, int) {
                                         seen = e;
                                         ++calls;
                                     })));
    asio::post(io, [&] { signal.emit(asio::cancellation_type::total); });
    run(io);
    BOOST_TEST(calls == 1);
    BOOST_TEST(is_aborted(seen));
    BOOST_TEST(running.get_for(20s) == 7); // it saw the stop request
}

BOOST_AUTO_TEST_CASE_TEMPLATE(cancelling_a_running_task_without_a_stop_token, E, executor_types)
{
    E ex(1);
    auto gate = ft::multiprocessing::event();
    auto running = ex.submit(held, gate, 5);
    BOOST_TEST_REQUIRE(eventually([&] { return running.running(); }));
    asio::io_context io;
    asio::cancellation_signal total, terminal;
    std::vector<std::exception_ptr> totals, terminals;
    std::vector<int> values;
    running.async_get(asio::bind_cancellation_slot(
        total.slot(), asio::bind_executor(io, [&](std::exception_ptr e, int v) {
            totals.push_back(e);
            values.push_back(v);
        })));
    running.async_get(asio::bind_cancellation_slot(
        terminal.slot(), asio::bind_executor(io, [&](std::exception_ptr e, int) { terminals.push_back(e); })));
    // total cannot stop it: no effect; terminal abandons the wait.
    asio::post(io, [&] {
        total.emit(asio::cancellation_type::total);
        terminal.emit(asio::cancellation_type::terminal);
    });
    io.run_for(200ms);
    BOOST_TEST(totals.empty());
    BOOST_TEST_REQUIRE(terminals.size() == 1u);
    BOOST_TEST(is_aborted(terminals.front()));
    BOOST_TEST(running.running());
    gate.set();
    io.restart();
    run(io);
    BOOST_TEST_REQUIRE(totals.size() == 1u);
    BOOST_TEST(!totals.front());
    BOOST_TEST(values.front() == 5);
    BOOST_TEST(terminals.size() == 1u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(cancelling_a_finished_task_has_no_effect, E, executor_types)
{
    E ex(1);
    auto f = ex.submit(square, 4);
    f.wait();
    asio::io_context io;
    asio::cancellation_signal signal;
    std::vector<int> values;
    std::vector<std::exception_ptr> errors;
    f.async_get(asio::bind_cancellation_slot(signal.slot(), asio::bind_executor(io, [&](std::exception_ptr e, int v) {
                                                 errors.push_back(e);
                                                 values.push_back(v);
                                             })));
    signal.emit(asio::cancellation_type::terminal);
    run(io);
    signal.emit(asio::cancellation_type::terminal); // the slot was cleared
    BOOST_TEST(values == std::vector<int>{16}, boost::test_tools::per_element());
    BOOST_TEST(!errors.at(0));
    BOOST_TEST(!f.cancelled());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(destroying_the_io_context_destroys_pending_handlers, E, executor_types)
{
    E ex(1);
    auto gate = ft::multiprocessing::event();
    auto f = ex.submit(held, gate, 1);
    auto sentinel = std::make_shared<int>(0);
    std::weak_ptr<int> watch = sentinel;
    int ran = 0;
    {
        asio::io_context io;
        asio::co_spawn(
            io,
            [f, s = sentinel, &ran]() -> asio::awaitable<void> {
                (void)co_await f.async_get(asio::use_awaitable);
                ++ran;
            },
            asio::detached);
        f.async_wait(asio::bind_executor(io, [s = sentinel, &ran](boost::system::error_code) { ++ran; }));
        sentinel.reset();
        io.poll(); // the coroutine waits now
        BOOST_TEST(!watch.expired());
    }
    BOOST_TEST(watch.expired()); // the coroutine and the callback were destroyed
    gate.set();
    BOOST_TEST(f.get_for(20s) == 1);
    BOOST_TEST(ran == 0);
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

BOOST_AUTO_TEST_CASE_TEMPLATE(the_pool_executor_runs_handlers_in_this_process, E, executor_types)
{
    E ex(2);
    using executor_type = typename E::executor_type;
    static_assert(asio::execution::executor<executor_type>);
    executor_type pe = ex.get_executor();
    BOOST_TEST(!pe.running_in_this_thread());
    const pid_t self = ::getpid();
    std::atomic<int> ok{0};
    auto check = [&] { ok += (::getpid() == self && pe.running_in_this_thread()) ? 1 : 0; };
    asio::post(pe, check);
    asio::defer(pe, check);
    asio::dispatch(pe, check);
    // dispatch from one of its threads runs at once; post never does (it
    // may run on another of the pool's threads meanwhile, never nested).
    static thread_local int depth = 0;
    std::promise<bool> dispatched_inline, posted_nested;
    asio::post(pe, [&] {
        ++depth;
        asio::dispatch(pe, [&] { dispatched_inline.set_value(depth == 1); });
        asio::post(pe, [&] { posted_nested.set_value(depth != 0); });
        --depth;
    });
    BOOST_TEST(dispatched_inline.get_future().get());
    BOOST_TEST(!posted_nested.get_future().get());
    // co_spawn on it, with a strand and as an any_io_executor.
    asio::any_io_executor any = pe;
    auto strand = asio::make_strand(pe);
    std::future<int> spawned = asio::co_spawn(
        any,
        [&]() -> asio::awaitable<int> {
            check();
            co_return co_await ex.submit(square, 9).async_get(asio::use_awaitable);
        },
        asio::use_future);
    BOOST_TEST(spawned.get() == 81);
    std::future<void> on_strand = asio::post(strand, asio::use_future);
    BOOST_TEST((on_strand.wait_for(20s) == std::future_status::ready));
    // A result delivered to the pool executor.
    std::promise<bool> delivered;
    ex.submit(square, 2).async_get(asio::bind_executor(pe, [&](std::exception_ptr, int v) {
        delivered.set_value(v == 4 && pe.running_in_this_thread());
    }));
    BOOST_TEST(delivered.get_future().get());
    BOOST_TEST(eventually([&] { return ok == 4; }));
    ex.shutdown();
    BOOST_CHECK_THROW(asio::post(pe, [] {}), std::logic_error);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(what_a_handler_throws_is_reported, E, executor_types)
{
    future_test::captured_stderr err;
    {
        E ex(1);
        std::promise<void> after;
        asio::post(ex.get_executor(), [] { throw std::runtime_error("handler failed"); });
        asio::post(ex.get_executor(), [&] { after.set_value(); });
        after.get_future().get();
    }
    BOOST_TEST(err.text().find("handler failed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_future_without_a_state_is_refused)
{
    ft::future<int> none;
    BOOST_CHECK_THROW((void)none.async_get(asio::use_future), std::logic_error);
    ft::async_result<int> no_result;
    BOOST_CHECK_THROW((void)no_result.async_wait(asio::use_future), std::logic_error);
}

} // namespace
