//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The free wait(), wait_for() over several futures (Python's
// concurrent.futures.wait): the three return_when modes, timeouts, and the
// input forms. as_completed has its own file.

#include <freethreading/executor/wait.hpp>

#include "future_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <concepts>
#include <list>
#include <memory>
#include <ranges>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace ft = freethreading;
namespace ftd = freethreading::detail;
using future_test::completes_later;
using std::chrono::steady_clock;

// DESIGN §4.1: R deduced from the range; a default of all_completed.
static_assert(std::same_as<decltype(ft::wait(std::declval<std::vector<ft::future<int>>&>())), ft::wait_result<int>>);
static_assert(std::same_as<decltype(ft::wait(std::declval<const std::list<ft::future<void>>&>(),
                                             ft::return_when::first_exception)),
                           ft::wait_result<void>>);
static_assert(std::same_as<decltype(ft::wait_for(std::declval<std::vector<ft::future<double>>>(), 1s)),
                           ft::wait_result<double>>);
template <class Fs>
concept waitable = requires(Fs& fs) { ft::wait(fs); };
static_assert(waitable<std::vector<ft::future<int>>>);
static_assert(!waitable<std::vector<int>>);

/** `n` pending states and their futures. */
template <class R = int>
struct batch
{
    std::vector<std::shared_ptr<ftd::future_state<R>>> states;
    std::vector<ft::future<R>> futures;

    explicit batch(int n)
    {
        for (int i = 0; i < n; ++i) {
            auto m = future_test::make<R>();
            states.push_back(m.state);
            futures.push_back(m.future);
        }
    }
    ~batch()
    {
        for (auto& s : states)
            s->drop(); // the pending ones end, so their waits' callbacks go
    }
};

bool same(const std::vector<ft::future<int>>& got, std::initializer_list<ft::future<int>> want)
{
    return std::ranges::equal(got, want);
}

BOOST_AUTO_TEST_CASE(all_completed_waits_for_every_future)
{
    batch b(3);
    std::jthread completer = completes_later(20ms, [s = b.states] {
        for (auto& st : s) {
            std::this_thread::sleep_for(10ms);
            st->set_value(1);
        }
    });
    const ft::wait_result<int> r = ft::wait(b.futures);
    BOOST_TEST(same(r.done, {b.futures[0], b.futures[1], b.futures[2]}));
    BOOST_TEST(r.not_done.empty());
    const ft::wait_result<int> again = ft::wait(b.futures, ft::return_when::all_completed);
    BOOST_TEST(again.done.size() == 3u);
}

BOOST_AUTO_TEST_CASE(first_completed_returns_when_any_is_done)
{
    batch b(3);
    const auto start = steady_clock::now();
    std::jthread completer = completes_later(30ms, [s = b.states[1]] { s->set_value(2); });
    const ft::wait_result<int> r = ft::wait(b.futures, ft::return_when::first_completed);
    BOOST_TEST((steady_clock::now() - start >= 30ms));
    BOOST_TEST(same(r.done, {b.futures[1]}));
    BOOST_TEST(same(r.not_done, {b.futures[0], b.futures[2]}));
}

BOOST_AUTO_TEST_CASE(first_completed_counts_a_cancelled_future_and_returns_at_once_if_any_is_done)
{
    batch b(3);
    std::jthread canceller = completes_later(20ms, [f = b.futures[2]]() mutable { BOOST_TEST(f.cancel()); });
    const ft::wait_result<int> r = ft::wait(b.futures, ft::return_when::first_completed);
    BOOST_TEST(same(r.done, {b.futures[2]}));
    BOOST_TEST(r.not_done.size() == 2u);
    const ft::wait_result<int> at_once = ft::wait_for(b.futures, 10s, ft::return_when::first_completed);
    BOOST_TEST(same(at_once.done, {b.futures[2]}));
}

BOOST_AUTO_TEST_CASE(first_exception_waits_past_values_until_an_exception)
{
    batch b(3);
    b.states[0]->set_value(1);
    std::jthread completer = completes_later(20ms, [s = b.states] {
        s[2]->set_value(3);
        std::this_thread::sleep_for(20ms);
        s[1]->set_exception(std::make_exception_ptr(std::runtime_error("boom")));
    });
    const ft::wait_result<int> r = ft::wait(b.futures, ft::return_when::first_exception);
    BOOST_TEST(same(r.done, {b.futures[0], b.futures[1], b.futures[2]}));
    BOOST_TEST(static_cast<bool>(b.futures[1].exception()));
}

BOOST_AUTO_TEST_CASE(first_exception_returns_at_the_first_exception_with_others_pending)
{
    batch b(3);
    std::jthread completer = completes_later(20ms, [s = b.states[1]] {
        s->set_exception(std::make_exception_ptr(std::runtime_error("boom")));
    });
    const ft::wait_result<int> r = ft::wait(b.futures, ft::return_when::first_exception);
    BOOST_TEST(same(r.done, {b.futures[1]}));
    BOOST_TEST(same(r.not_done, {b.futures[0], b.futures[2]}));
    // Already failed: returns at once.
    BOOST_TEST(ft::wait_for(b.futures, 0s, ft::return_when::first_exception).done.size() == 1u);
}

BOOST_AUTO_TEST_CASE(first_exception_returns_when_all_are_done_without_one)
{
    batch b(3);
    b.futures[0].cancel(); // a cancellation is not an exception
    std::jthread completer = completes_later(20ms, [s = b.states] {
        s[1]->set_value(1);
        s[2]->set_value(2);
    });
    const ft::wait_result<int> r = ft::wait(b.futures, ft::return_when::first_exception);
    BOOST_TEST(r.done.size() == 3u);
    BOOST_TEST(r.not_done.empty());
}

BOOST_AUTO_TEST_CASE(wait_for_times_out_with_the_split_at_that_moment)
{
    for (const ft::return_when w : {ft::return_when::all_completed, ft::return_when::first_exception}) {
        batch b(3);
        b.states[1]->set_value(1);
        const auto start = steady_clock::now();
        const ft::wait_result<int> r = ft::wait_for(b.futures, 50ms, w);
        BOOST_TEST((steady_clock::now() - start >= 50ms));
        BOOST_TEST(same(r.done, {b.futures[1]}));
        BOOST_TEST(same(r.not_done, {b.futures[0], b.futures[2]}));
    }
    batch b(2);
    const auto start = steady_clock::now();
    const ft::wait_result<int> r = ft::wait_for(b.futures, 50ms, ft::return_when::first_completed);
    BOOST_TEST((steady_clock::now() - start >= 50ms));
    BOOST_TEST(r.done.empty());
    BOOST_TEST(same(r.not_done, {b.futures[0], b.futures[1]}));
}

BOOST_AUTO_TEST_CASE(duplicates_are_one_future)
{
    batch b(2);
    b.states[0]->set_value(1);
    const ft::wait_result<int> r = ft::wait_for(
        std::vector<ft::future<int>>{b.futures[0], b.futures[1], b.futures[0], b.futures[1]}, 10ms);
    BOOST_TEST(same(r.done, {b.futures[0]}));
    BOOST_TEST(same(r.not_done, {b.futures[1]}));
    b.states[1]->set_value(2);
    const ft::wait_result<int> all = ft::wait({b.futures[1], b.futures[0], b.futures[1]});
    BOOST_TEST(same(all.done, {b.futures[1], b.futures[0]}));
}

BOOST_AUTO_TEST_CASE(any_range_of_futures_and_braced_lists)
{
    batch b(3);
    for (auto& s : b.states)
        s->set_value(0);
    const std::array<ft::future<int>, 2> arr{b.futures[0], b.futures[1]};
    const std::list<ft::future<int>> lst(b.futures.begin(), b.futures.end());
    BOOST_TEST(ft::wait(arr).done.size() == 2u);
    BOOST_TEST(ft::wait(lst).done.size() == 3u);
    BOOST_TEST(ft::wait(b.futures | std::views::take(1)).done.size() == 1u);
    BOOST_TEST(ft::wait({b.futures[2]}).done.size() == 1u);
    BOOST_TEST(ft::wait_for({b.futures[2]}, 1s, ft::return_when::first_completed).done.size() == 1u);
    BOOST_TEST(ft::wait(std::vector<ft::future<int>>{}).done.empty());
    BOOST_TEST(ft::wait_for(std::vector<ft::future<int>>{}, 0s, ft::return_when::first_completed).done.empty());
}

BOOST_AUTO_TEST_CASE(futures_of_void)
{
    batch<void> b(2);
    std::jthread completer = completes_later(10ms, [s = b.states[0]] { s->set_value(); });
    const ft::wait_result<void> r = ft::wait(b.futures, ft::return_when::first_completed);
    BOOST_TEST(r.done.size() == 1u);
    BOOST_TEST((r.done[0] == b.futures[0]));
}

BOOST_AUTO_TEST_CASE(a_future_without_a_state_is_refused)
{
    batch b(1);
    const std::vector<ft::future<int>> fs{b.futures[0], ft::future<int>()};
    BOOST_CHECK_THROW(ft::wait(fs), std::invalid_argument);
    BOOST_CHECK_THROW(ft::wait_for(fs, 1s), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(many_timed_out_waits_leave_the_future_working)
{
    batch b(2);
    for (int i = 0; i < 200; ++i)
        BOOST_TEST_REQUIRE(ft::wait_for(b.futures, 0ms, ft::return_when::first_completed).done.empty());
    std::jthread completer = completes_later(10ms, [s = b.states[0]] { s->set_value(5); });
    const ft::wait_result<int> r = ft::wait(b.futures, ft::return_when::first_completed);
    BOOST_TEST(same(r.done, {b.futures[0]}));
    BOOST_TEST(b.futures[0].get() == 5);
}

BOOST_AUTO_TEST_CASE(timed_out_waits_take_their_callbacks_back)
{
    batch b(2);
    for (const auto w : {ft::return_when::first_completed, ft::return_when::first_exception})
        for (int i = 0; i < 100; ++i)
            BOOST_TEST_REQUIRE(ft::wait_for(b.futures, 0ms, w).done.empty());
    // A wait that returned leaves nothing on the futures it did not pick.
    BOOST_TEST(b.states[0]->listed_callbacks() == 0u);
    BOOST_TEST(b.states[1]->listed_callbacks() == 0u);
    std::jthread completer = completes_later(10ms, [s = b.states[1]] { s->set_value(7); });
    const ft::wait_result<int> r = ft::wait(b.futures, ft::return_when::first_completed);
    BOOST_TEST(same(r.done, {b.futures[1]}));
    BOOST_TEST(b.states[0]->listed_callbacks() == 0u);
    // A user's callback stays until it runs.
    int ran = 0;
    b.futures[0].add_done_callback([&](const ft::future<int>&) { ++ran; });
    BOOST_TEST(ft::wait_for(b.futures, 0ms, ft::return_when::first_exception).not_done.size() == 1u);
    BOOST_TEST(b.states[0]->listed_callbacks() == 1u);
    b.states[0]->set_value(1);
    BOOST_TEST(ran == 1);
}

BOOST_AUTO_TEST_CASE(concurrent_waits_on_shared_futures)
{
    batch b(4);
    std::vector<std::jthread> waiters;
    std::atomic<int> right{0};
    for (int t = 0; t < 4; ++t)
        waiters.emplace_back([&, t] {
            const auto w = t % 2 == 0 ? ft::return_when::all_completed : ft::return_when::first_completed;
            const ft::wait_result<int> r = ft::wait(b.futures, w);
            right += w == ft::return_when::all_completed ? r.done.size() == 4u : !r.done.empty();
        });
    for (auto& s : b.states) {
        std::this_thread::sleep_for(5ms);
        s->set_value(1);
    }
    waiters.clear();
    BOOST_TEST(right.load() == 4);
}

} // namespace
