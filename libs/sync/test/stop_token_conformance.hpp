//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_STOP_TOKEN_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_STOP_TOKEN_CONFORMANCE_HPP

// The stop_source_like / stop_token_like suite: request_stop once for good,
// stop_requested and stop_possible of sources and tokens, tokens without a
// state, copies and tokens sharing one state, comparison and swap (every
// clause also holds for std::stop_source, the oracle), and, for ours, waiting
// for a request and a request that ends loops in forked processes (threads for
// in-process states). Written once as one function template per clause
// (`test_<clause><S>()`, S a source type) and run by stop_token_test.cpp.

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/stop_token.hpp>

#include "sync_test_support.hpp"

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <stop_token>
#include <thread>
#include <utility>

namespace stop_token_conformance {

using freethreading_test::count_children;
using freethreading_test::run_contenders;
using freethreading_test::shared_page;
using sync_test::is_shared;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

/** The token type of the source type `S`. */
template <class S>
using token_of = decltype(std::declval<const S&>().get_token());

template <class S>
void test_request_stop_once()
{
    static_assert(freethreading::stop_source_like<S> && freethreading::stop_token_like<token_of<S>>);
    S source;
    const token_of<S> token = source.get_token();
    BOOST_TEST(source.stop_possible());
    BOOST_TEST(token.stop_possible());
    BOOST_TEST(!source.stop_requested());
    BOOST_TEST(!token.stop_requested());

    S copy = source;
    BOOST_TEST(copy.request_stop()); // this call made the request
    BOOST_TEST(!source.request_stop());
    BOOST_TEST(!copy.request_stop());
    BOOST_TEST(source.stop_requested());
    BOOST_TEST(token.stop_requested());
    BOOST_TEST(source.get_token().stop_requested());
    BOOST_TEST(token.stop_possible()); // a stopped state stays possible
}

template <class S>
void test_default_token_has_no_state()
{
    const token_of<S> token;
    BOOST_TEST(!token.stop_possible());
    BOOST_TEST(!token.stop_requested());
    BOOST_TEST((token == token_of<S>()));
    S source;
    BOOST_TEST(!(token == source.get_token()));
}

template <class S>
void test_no_stop_state_source()
{
    S source(std::nostopstate);
    BOOST_TEST(!source.stop_possible());
    BOOST_TEST(!source.request_stop());
    BOOST_TEST(!source.stop_requested());
    BOOST_TEST(!source.get_token().stop_possible());
    BOOST_TEST((source == S(std::nostopstate)));
}

template <class S>
void test_handles_compare_and_swap()
{
    S a;
    S b;
    const S a_copy = a;
    BOOST_TEST((a == a_copy));
    BOOST_TEST(!(a == b));
    BOOST_TEST((a.get_token() == a_copy.get_token()));
    BOOST_TEST(!(a.get_token() == b.get_token()));

    token_of<S> ta = a.get_token();
    token_of<S> tb = b.get_token();
    ta.swap(tb);
    BOOST_TEST((ta == b.get_token()));
    swap(ta, tb);
    BOOST_TEST((ta == a.get_token()));
    a.swap(b);
    BOOST_TEST((b == a_copy));
    b.request_stop();
    BOOST_TEST(ta.stop_requested());
    BOOST_TEST(!tb.stop_requested());
}

template <class S>
void test_wait_for_returns_on_request_or_timeout()
{
    S source;
    const auto token = source.get_token();
    auto start = steady::now();
    BOOST_TEST(!token.wait_for(30ms));
    auto took = steady::now() - start;
    BOOST_TEST((took >= 30ms && took < 2s));
    BOOST_TEST(!token.wait_until(std::chrono::system_clock::now() - 1s)); // a past deadline checks once
    BOOST_TEST(!token.wait_for(-5ms));

    std::thread stopper([&] {
        std::this_thread::sleep_for(20ms);
        source.request_stop();
    });
    start = steady::now();
    BOOST_TEST(token.wait_for(10s));
    took = steady::now() - start;
    stopper.join();
    BOOST_TEST((took < 2s));
    BOOST_TEST(token.wait_for(0ms)); // stopped for good
    BOOST_TEST(token.wait_until(steady::now() + 1h));

    const decltype(source.get_token()) stateless;
    start = steady::now();
    BOOST_TEST(!stateless.wait_for(20ms)); // can never stop: a sleep
    BOOST_TEST((steady::now() - start >= 20ms));
}

template <class S>
void test_cross_process_request_stop_ends_loops()
{
    struct progress
    {
        std::atomic<int> started{0};
    };
    shared_page<progress> page{};
    progress* p = &*page;
    S source;
    const auto token = source.get_token();
    const bool processes = is_shared(source);
    if (!processes)
        BOOST_TEST_MESSAGE("in-process state: the loops are threads");

    // Requests the stop once every loop runs (so after the last fork).
    const auto parent_give_up = steady::now() + 5s;
    steady::time_point requested_at{};
    std::thread stopper([&] {
        while (p->started.load() < 4 && steady::now() < parent_give_up)
            std::this_thread::sleep_for(1ms);
        std::this_thread::sleep_for(20ms); // let the waiters go to sleep
        requested_at = steady::now();
        source.request_stop();
    });
    const bool ok = run_contenders(processes, 4, [token, p](int i) {
        p->started.fetch_add(1);
        if (i % 2 == 0) {
            const auto give_up = steady::now() + 5s;
            while (!token.stop_requested())
                if (steady::now() > give_up)
                    return false;
            return true;
        }
        return token.wait_for(5s); // false if it slept through the request
    });
    const auto all_done = steady::now();
    stopper.join();
    BOOST_TEST(ok);
    BOOST_TEST(p->started.load() == 4);
    BOOST_TEST(source.stop_requested());
    BOOST_TEST((all_done - requested_at < 1s)); // every loop ended promptly
    BOOST_TEST(count_children() == 0);
}

} // namespace stop_token_conformance

#endif // FREETHREADING_SYNC_TEST_STOP_TOKEN_CONFORMANCE_HPP
