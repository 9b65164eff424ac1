//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// future<R>::add_done_callback (DESIGN §4.1): registration order, at once in
// the caller when done, else on the completing thread, the future it is
// given, move-only callables, and exceptions printed and swallowed.

#include <freethreading/executor/future.hpp>

#include "future_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace ft = freethreading;
using future_test::captured_stderr;
using future_test::make;

/** What callbacks record, from any thread. */
struct journal
{
    std::mutex mutex;
    std::vector<int> order;
    std::vector<std::thread::id> threads;

    void note(int i)
    {
        std::lock_guard<std::mutex> guard(mutex);
        order.push_back(i);
        threads.push_back(std::this_thread::get_id());
    }
};

BOOST_AUTO_TEST_CASE(callbacks_run_in_registration_order_on_the_completing_thread)
{
    auto [state, f] = make<int>();
    journal j;
    for (int i = 0; i < 5; ++i)
        f.add_done_callback([&j, i](const ft::future<int>&) { j.note(i); });
    BOOST_TEST(j.order.empty());
    std::thread::id completer_id;
    std::thread completer([&, s = state] {
        completer_id = std::this_thread::get_id();
        s->set_value(1);
    });
    completer.join();
    BOOST_TEST(j.order == (std::vector<int>{0, 1, 2, 3, 4}), boost::test_tools::per_element());
    for (const std::thread::id id : j.threads)
        BOOST_TEST((id == completer_id));
}

BOOST_AUTO_TEST_CASE(a_callback_runs_at_once_in_the_caller_when_done)
{
    auto [state, f] = make<int>();
    state->set_value(3);
    journal j;
    f.add_done_callback([&j](const ft::future<int>&) { j.note(7); });
    BOOST_TEST(j.order == std::vector<int>{7}, boost::test_tools::per_element());
    BOOST_TEST((j.threads.at(0) == std::this_thread::get_id()));
}

BOOST_AUTO_TEST_CASE(a_callback_is_given_a_future_of_the_same_state)
{
    auto [state, f] = make<std::string>();
    std::string seen;
    bool same = false;
    f.add_done_callback([&, g = f](const ft::future<std::string>& done) {
        same = done == g;
        seen = done.get();
        BOOST_TEST(done.done());
    });
    std::jthread completer = future_test::completes_later(10ms, [s = state] { s->set_value("ready"); });
    completer.join();
    BOOST_TEST(same);
    BOOST_TEST(seen == "ready");
}

BOOST_AUTO_TEST_CASE(a_cancel_runs_the_callbacks_in_the_caller)
{
    auto [state, f] = make<int>();
    journal j;
    bool saw_cancelled = false;
    f.add_done_callback([&](const ft::future<int>& done) {
        saw_cancelled = done.cancelled();
        j.note(1);
    });
    BOOST_TEST(f.cancel());
    BOOST_TEST(saw_cancelled);
    BOOST_TEST((j.threads.at(0) == std::this_thread::get_id()));
}

BOOST_AUTO_TEST_CASE(move_only_callables_are_accepted)
{
    auto [state, f] = make<int>();
    auto token = std::make_unique<int>(5);
    int got = 0;
    f.add_done_callback([&got, t = std::move(token)](const ft::future<int>& done) { got = *t + done.get(); });
    state->set_value(10);
    BOOST_TEST(got == 15);
}

BOOST_AUTO_TEST_CASE(an_exception_from_a_callback_is_printed_and_swallowed)
{
    auto [state, f] = make<int>();
    journal j;
    captured_stderr err;
    f.add_done_callback([](const ft::future<int>&) { throw std::runtime_error("callback failure one"); });
    f.add_done_callback([&j](const ft::future<int>&) { j.note(2); });
    f.add_done_callback([](const ft::future<int>&) { throw 42; });
    std::thread completer([s = state] { BOOST_TEST(s->set_value(1)); });
    completer.join();
    // Already done: the callback runs in the caller, and still does not throw.
    f.add_done_callback([](const ft::future<int>&) { throw std::logic_error("callback failure two"); });
    const std::string text = err.text();
    BOOST_TEST(j.order == std::vector<int>{2}, boost::test_tools::per_element());
    BOOST_TEST(f.get() == 1);
    BOOST_TEST(text.find("callback failure one") != std::string::npos);
    BOOST_TEST(text.find("callback failure two") != std::string::npos);
    BOOST_TEST(text.find("not derived from std::exception") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(callbacks_registered_while_it_completes_each_run_once)
{
    constexpr int rounds = 500;
    for (int r = 0; r < rounds; ++r) {
        auto [state, f] = make<int>();
        std::atomic<int> runs{0};
        std::thread completer([s = state, r] { s->set_value(r); });
        for (int i = 0; i < 4; ++i)
            f.add_done_callback([&runs](const ft::future<int>&) { ++runs; });
        completer.join();
        BOOST_TEST_REQUIRE(runs.load() == 4);
    }
}

} // namespace
