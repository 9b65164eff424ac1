//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// stop_source / stop_token over the three spellings, with std::stop_source as
// the oracle of the shared interface; then the threading:: token's conversion
// to std::stop_token.

#include <freethreading/sync/stop_token.hpp>

#include "stop_token_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <stop_token>
#include <thread>
#include <tuple>
#include <type_traits>

namespace ft = freethreading;
using namespace std::chrono_literals;

using source_types =
    std::tuple<std::stop_source, ft::threading::stop_source, ft::multiprocessing::stop_source, ft::stop_source>;
using our_source_types = std::tuple<ft::threading::stop_source, ft::multiprocessing::stop_source, ft::stop_source>;

BOOST_AUTO_TEST_CASE_TEMPLATE(request_stop_once, S, source_types)
{
    stop_token_conformance::test_request_stop_once<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(default_token_has_no_state, S, source_types)
{
    stop_token_conformance::test_default_token_has_no_state<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(no_stop_state_source, S, source_types)
{
    stop_token_conformance::test_no_stop_state_source<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(handles_compare_and_swap, S, source_types)
{
    stop_token_conformance::test_handles_compare_and_swap<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(wait_for_returns_on_request_or_timeout, S, our_source_types)
{
    stop_token_conformance::test_wait_for_returns_on_request_or_timeout<S>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(cross_process_request_stop_ends_loops, S, our_source_types)
{
    stop_token_conformance::test_cross_process_request_stop_ends_loops<S>();
}

BOOST_AUTO_TEST_CASE(threading_token_converts_to_std_stop_token)
{
    static_assert(std::is_convertible_v<ft::threading::stop_token, std::stop_token>);
    static_assert(!std::is_convertible_v<ft::multiprocessing::stop_token, std::stop_token>);
    ft::threading::stop_source source;
    const std::stop_token std_token = source.get_token();
    BOOST_TEST(std_token.stop_possible());
    BOOST_TEST(!std_token.stop_requested());
    int called = 0;
    std::stop_callback callback(std_token, [&] { ++called; });
    BOOST_TEST(source.request_stop());
    BOOST_TEST(std_token.stop_requested());
    BOOST_TEST(called == 1);
    BOOST_TEST(!source.request_stop());
    BOOST_TEST(called == 1);

    const std::stop_token none = ft::threading::stop_token();
    BOOST_TEST(!none.stop_possible());

    // Code written for std::stop_token, handed our token.
    ft::threading::stop_source worker_source;
    std::atomic<bool> ended{false};
    std::thread worker(
        [&ended](std::stop_token t) {
            while (!t.stop_requested())
                std::this_thread::sleep_for(1ms);
            ended = true;
        },
        worker_source.get_token());
    worker_source.request_stop();
    worker.join();
    BOOST_TEST(ended.load());
}
