//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Boost.Asio integration (DESIGN §7), over the three executor spellings:
// per-operation cancellation of a pending task, of a running task that takes
// a stop token and of one that does not, and of a finished task; and an
// io_context destroyed with operations pending, whose handlers are
// destroyed, not run.

#include <freethreading/executor.hpp>

#include "asio_test_support.hpp"
#include "pool_test_support.hpp"

#include <boost/asio.hpp>
#include <boost/test/unit_test.hpp>

#include <exception>
#include <memory>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace ft = freethreading;
using namespace asio_tests;
using namespace pool_tests;

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

} // namespace
