//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Boost.Asio integration (DESIGN §7), over the three executor spellings:
// the pool's own Asio executor (post, defer, dispatch, co_spawn, a strand,
// any_io_executor, refusal after shutdown), and what a handler run there
// throws reported on stderr.

#include <freethreading/executor.hpp>

#include "asio_test_support.hpp"
#include "future_test_support.hpp"
#include "pool_test_support.hpp"

#include <boost/asio.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <future>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace {

namespace asio = boost::asio;
using namespace asio_tests;
using namespace pool_tests;

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

} // namespace
