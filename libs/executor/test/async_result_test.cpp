//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// async_result<R> (Python's AsyncResult) over states made and completed by
// hand: get, get_for, wait, ready, successful, and a result without a state.

#include <freethreading/executor/async_result.hpp>
#include <freethreading/executor/detail/make_future.hpp>

#include <freethreading/core/codec/serializable.hpp>

#include <freethreading_test/api_check.hpp>

#include "future_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <unordered_set>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace ft = freethreading;
namespace ftd = freethreading::detail;
using future_test::completes_later;
using std::chrono::steady_clock;

// DESIGN §4: get(), get_for(d), wait(), wait_for(d), ready(), successful().
template <class T>
constexpr bool async_result_api()
{
    using R = typename T::value_type;
    using ref = typename std::conditional_t<std::is_void_v<R>, std::type_identity<void>,
                                            std::add_lvalue_reference<const R>>::type;
    FT_API_RETURNS(T, ref, cx.get());
    FT_API_RETURNS(T, R, std::move(x).get());
    FT_API_RETURNS_FOR_DURATIONS(T, ref, cx.get_for(d));
    FT_API_RETURNS(T, void, cx.wait());
    FT_API_RETURNS_FOR_DURATIONS(T, bool, cx.wait_for(d));
    FT_API_RETURNS_FOR_TIME_POINTS(T, bool, cx.wait_until(t));
    FT_API_NOEXCEPT(T, cx.ready());
    FT_API_RETURNS(T, bool, cx.successful());
    FT_API_REJECTS(T, x.cancel());
    static_assert(std::is_nothrow_default_constructible_v<T> && std::copyable<T>);
    static_assert(freethreading_test::api_sample::internals_are_private<T>());
    return true;
}
static_assert(async_result_api<ft::async_result<int>>());
static_assert(async_result_api<ft::async_result<std::vector<int>>>());
static_assert(async_result_api<ft::async_result<void>>());

template <class R>
struct made
{
    std::shared_ptr<ftd::future_state<R>> state = std::make_shared<ftd::future_state<R>>();
    ft::async_result<R> result = ftd::make_async_result(state);
};

BOOST_AUTO_TEST_CASE(get_waits_and_returns_the_value)
{
    made<std::vector<int>> m;
    std::jthread completer = completes_later(20ms, [s = m.state] { s->set_value(std::vector<int>{1, 2, 3}); });
    const std::vector<int>& v = m.result.get();
    BOOST_TEST(v == (std::vector<int>{1, 2, 3}), boost::test_tools::per_element());
    BOOST_TEST(&m.result.get() == &v); // repeatable, no copy
    ft::async_result<std::vector<int>> copy = m.result;
    const std::vector<int> moved = std::move(copy).get();
    BOOST_TEST(moved.size() == 3u);
    BOOST_TEST(m.result.get().empty()); // moved out of the shared state
}

BOOST_AUTO_TEST_CASE(get_for_throws_timeout_error_and_wait_for_says_false)
{
    made<int> m;
    const auto start = steady_clock::now();
    BOOST_CHECK_THROW((void)m.result.get_for(50ms), ft::timeout_error);
    BOOST_TEST((steady_clock::now() - start >= 50ms));
    BOOST_CHECK_THROW((void)m.result.get_until(std::chrono::system_clock::now() + 10ms), ft::timeout_error);
    BOOST_TEST(!m.result.wait_for(10ms));
    BOOST_TEST(!m.result.wait_until(steady_clock::now() + 10ms));
    BOOST_TEST(!m.result.ready());
    std::jthread completer = completes_later(20ms, [s = m.state] { s->set_value(4); });
    BOOST_TEST(m.result.wait_for(10s));
    m.result.wait();
    BOOST_TEST(m.result.ready());
    BOOST_TEST(m.result.get_for(0s) == 4);
}

BOOST_AUTO_TEST_CASE(successful_says_not_ready_before_the_end)
{
    made<int> m;
    try {
        (void)m.result.successful();
        BOOST_FAIL("successful() answered before the result was ready");
    } catch (const std::logic_error& e) {
        BOOST_TEST(std::string(e.what()).find("not ready") != std::string::npos);
    }
    BOOST_TEST(m.state->claim());
    BOOST_CHECK_THROW((void)m.result.successful(), std::logic_error);
    m.state->set_value(1);
    BOOST_TEST(m.result.successful());
}

BOOST_AUTO_TEST_CASE(a_failed_or_dropped_task_is_not_successful)
{
    made<int> failed;
    failed.state->set_exception(std::make_exception_ptr(std::invalid_argument("bad input")));
    BOOST_TEST(failed.result.ready());
    BOOST_TEST(!failed.result.successful());
    try {
        (void)failed.result.get();
        BOOST_FAIL("get returned after set_exception");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()) == "bad input");
    }

    made<int> dropped;
    BOOST_TEST(dropped.state->drop());
    BOOST_TEST(dropped.result.ready());
    BOOST_TEST(!dropped.result.successful());
    BOOST_CHECK_THROW((void)dropped.result.get(), ft::cancelled_error);
}

BOOST_AUTO_TEST_CASE(async_result_of_void)
{
    made<void> m;
    static_assert(std::is_void_v<decltype(m.result.get())>);
    std::jthread completer = completes_later(10ms, [s = m.state] { s->set_value(); });
    m.result.get();
    m.result.get_for(1s);
    BOOST_TEST(m.result.successful());
}

BOOST_AUTO_TEST_CASE(an_async_result_without_a_state)
{
    ft::async_result<int> r;
    BOOST_TEST(!r.valid());
    BOOST_TEST(!r.ready());
    const auto says_no_state = [](const std::logic_error& e) {
        return std::string(e.what()) == "freethreading: async_result has no state";
    };
    BOOST_CHECK_EXCEPTION((void)r.get(), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)ft::async_result<int>().get(), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)r.get_for(1ms), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION(r.wait(), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)r.wait_for(1ms), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)r.successful(), std::logic_error, says_no_state);
}

BOOST_AUTO_TEST_CASE(results_compare_and_hash_by_state_and_never_cross_processes)
{
    made<int> a, b;
    const ft::async_result<int> a2 = a.result;
    BOOST_TEST((a.result == a2));
    BOOST_TEST((a.result != b.result));
    std::unordered_set<ft::async_result<int>> set{a.result, b.result, a2};
    BOOST_TEST(set.size() == 2u);
    static_assert(!ft::serializable<ft::async_result<int>>);
    static_assert(ftd::rule_of<ft::async_result<std::vector<int>>>() == ftd::codec_rule::future);
    a.state->set_value(1);
    b.state->set_value(2);
}

} // namespace
