//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// future<R> over states made and completed by hand (no pool needed): values,
// moves, timeouts, exceptions, cancellation and its race with a worker's
// claim, done callbacks, and a future without a state. The states live in
// this process on both backends, so both ctest runs check the same thing.

#include <freethreading/executor/detail/make_future.hpp>
#include <freethreading/executor/future.hpp>

#include <freethreading/core/codec/serializable.hpp>

#include <freethreading_test/api_check.hpp>

#include "future_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <thread>
#include <typeinfo>
#include <unordered_set>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace ft = freethreading;
namespace ftd = freethreading::detail;
using future_test::completes_later;
using future_test::make;
using future_test::move_only;
using std::chrono::steady_clock;

// DESIGN §4.1, to the letter.
template <class T>
constexpr bool future_api()
{
    using R = typename T::value_type;
    using ref = typename std::conditional_t<std::is_void_v<R>, std::type_identity<void>,
                                            std::add_lvalue_reference<const R>>::type;
    FT_API_RETURNS(T, ref, cx.get());
    FT_API_RETURNS(T, R, std::move(x).get());
    FT_API_RETURNS_FOR_DURATIONS(T, ref, cx.get_for(d));
    FT_API_RETURNS_FOR_TIME_POINTS(T, ref, cx.get_until(t));
    FT_API_RETURNS(T, void, cx.wait());
    FT_API_RETURNS_FOR_DURATIONS(T, bool, cx.wait_for(d));
    FT_API_RETURNS_FOR_TIME_POINTS(T, bool, cx.wait_until(t));
    FT_API_NOEXCEPT(T, cx.done());
    FT_API_NOEXCEPT(T, cx.running());
    FT_API_NOEXCEPT(T, cx.cancelled());
    FT_API_NOEXCEPT(T, cx.valid());
    FT_API_RETURNS(T, bool, x.cancel());
    FT_API_RETURNS(T, std::exception_ptr, cx.exception());
    FT_API_RETURNS(T, void, x.add_done_callback([](const T&) {}));
    FT_API_REJECTS(T, x.add_done_callback([](int) {}));
    FT_API_RETURNS(T, bool, x.request_stop());
    FT_API_RETURNS(T, bool, cx == cx);
    static_assert(std::is_nothrow_default_constructible_v<T> && std::copyable<T>);
    static_assert(freethreading_test::api_sample::internals_are_private<T>());
    return true;
}
static_assert(future_api<ft::future<int>>());
static_assert(future_api<ft::future<std::string>>());
static_assert(future_api<ft::future<void>>());

BOOST_AUTO_TEST_CASE(get_is_repeatable_and_returns_the_stored_value)
{
    auto [state, f] = make<int>();
    std::jthread completer = completes_later(20ms, [s = state] { s->set_value(42); });
    BOOST_TEST(f.get() == 42);
    const int& first = f.get();
    const ft::future<int> copy = f;
    BOOST_TEST(&copy.get() == &first);
    BOOST_TEST(copy.get() == 42);
    BOOST_TEST(f.done());
}

BOOST_AUTO_TEST_CASE(get_on_an_rvalue_moves_the_value_out)
{
    move_only::moves = 0;
    auto [state, f] = make<move_only>();
    BOOST_TEST(state->set_value(7));
    const int moves_to_store = move_only::moves;
    BOOST_TEST(f.get().value == 7); // an lvalue get neither copies nor moves
    BOOST_TEST(move_only::moves == moves_to_store);

    ft::future<move_only> copy = f;
    move_only taken = std::move(copy).get();
    BOOST_TEST(taken.value == 7);
    BOOST_TEST(move_only::moves == moves_to_store + 1);
    BOOST_TEST(f.get().value == -1); // the other handle sees the moved-from value

    auto [state2, g] = make<move_only>();
    state2->set_value(8);
    BOOST_TEST(std::move(g).get_for(1s).value == 8);
}

BOOST_AUTO_TEST_CASE(get_for_and_get_until_throw_timeout_error)
{
    auto [state, f] = make<int>();
    const auto start = steady_clock::now();
    try {
        (void)f.get_for(50ms);
        BOOST_FAIL("get_for returned without a value");
    } catch (const ft::timeout_error& e) {
        BOOST_TEST(std::string(e.what()).find("timed out") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("get_for") != std::string::npos);
    }
    BOOST_TEST((steady_clock::now() - start >= 50ms));
    BOOST_CHECK_THROW((void)f.get_until(std::chrono::system_clock::now() + 20ms), ft::timeout_error);
    BOOST_CHECK_THROW((void)f.get_for(0s), ft::timeout_error);
    BOOST_CHECK_THROW((void)f.get_for(-1s), ft::timeout_error);

    std::jthread completer = completes_later(20ms, [s = state] { s->set_value(5); });
    BOOST_TEST(f.get_for(10s) == 5);
    BOOST_TEST(f.get_until(steady_clock::now() - 1s) == 5); // done: no wait at all
}

BOOST_AUTO_TEST_CASE(wait_for_is_false_then_true)
{
    auto [state, f] = make<int>();
    BOOST_TEST(!f.wait_for(20ms));
    BOOST_TEST(!f.wait_until(std::chrono::system_clock::now() + 20ms));
    BOOST_TEST(!f.wait_for(std::chrono::duration<double>(0.01)));
    BOOST_TEST(!f.done());
    std::jthread completer = completes_later(20ms, [s = state] { s->set_value(1); });
    BOOST_TEST(f.wait_for(10s));
    f.wait();
    BOOST_TEST(f.wait_until(steady_clock::now()));
    BOOST_TEST(f.done());
}

BOOST_AUTO_TEST_CASE(exception_is_empty_after_a_value)
{
    auto [state, f] = make<int>();
    state->set_value(3);
    BOOST_TEST(!f.exception());
}

BOOST_AUTO_TEST_CASE(an_exception_comes_back_with_its_type_and_message)
{
    auto [state, f] = make<int>();
    std::jthread completer = completes_later(10ms, [s = state] {
        BOOST_TEST(s->claim());
        s->set_exception(std::make_exception_ptr(std::runtime_error("boom")));
    });
    const std::exception_ptr e = f.exception();
    BOOST_TEST(static_cast<bool>(e));
    for (int i = 0; i < 2; ++i) {
        try {
            (void)f.get();
            BOOST_FAIL("get returned after set_exception");
        } catch (const std::runtime_error& err) {
            BOOST_TEST((typeid(err) == typeid(std::runtime_error)));
            BOOST_TEST(std::string(err.what()) == "boom");
        }
    }
    BOOST_CHECK_THROW((void)std::move(f).get(), std::runtime_error);
    BOOST_TEST(f.done());
    BOOST_TEST(!f.cancelled());
}

BOOST_AUTO_TEST_CASE(cancel_wins_while_pending)
{
    auto [state, f] = make<int>();
    BOOST_TEST(!f.running());
    BOOST_TEST(f.cancel());
    BOOST_TEST(f.done());
    BOOST_TEST(f.cancelled());
    BOOST_TEST(!f.running());
    BOOST_CHECK_THROW((void)f.get(), ft::cancelled_error);
    BOOST_CHECK_THROW((void)f.exception(), ft::cancelled_error);
    BOOST_CHECK_THROW((void)f.get_for(1s), ft::cancelled_error);
    BOOST_TEST(!f.cancel()); // already done
    BOOST_TEST(!state->claim());
    BOOST_TEST(!state->set_value(1)); // the first completion wins
    BOOST_TEST(f.wait_for(0s));
}

BOOST_AUTO_TEST_CASE(cancel_loses_after_the_claim)
{
    auto [state, f] = make<int>();
    BOOST_TEST(state->claim());
    BOOST_TEST(f.running());
    BOOST_TEST(!f.cancel());
    BOOST_TEST(!f.cancelled());
    BOOST_TEST(!f.done());
    state->set_value(9);
    BOOST_TEST(!f.running());
    BOOST_TEST(f.get() == 9);
    BOOST_TEST(!f.cancel());
}

BOOST_AUTO_TEST_CASE(a_dropped_task_is_cancelled)
{
    auto [state, f] = make<int>();
    BOOST_TEST(state->drop());
    BOOST_TEST(f.cancelled());
    BOOST_CHECK_THROW((void)f.get(), ft::cancelled_error);
    BOOST_TEST(!f.request_stop()); // a plain state takes no stop token, and it has ended
}

BOOST_AUTO_TEST_CASE(cancel_and_claim_race_and_exactly_one_wins)
{
    constexpr int rounds = 10'000;
    std::vector<std::shared_ptr<ftd::future_state<int>>> states;
    std::vector<ft::future<int>> futures;
    for (int i = 0; i < rounds; ++i) {
        states.push_back(std::make_shared<ftd::future_state<int>>());
        futures.push_back(ftd::make_future(states.back()));
    }
    std::vector<char> claimed(rounds), cancelled(rounds);
    // Both spin at the start line of each round, so that either may act
    // first (a blocking barrier lets the last one to arrive win every time).
    std::atomic<int> arrivals{0};
    const auto meet = [&arrivals](int round) {
        arrivals.fetch_add(1);
        for (int spins = 0; arrivals.load() < 2 * (round + 1); ++spins)
            if (spins > 64)
                std::this_thread::yield();
    };
    std::jthread worker([&] {
        for (int i = 0; i < rounds; ++i) {
            meet(i);
            claimed[i] = states[i]->claim();
        }
    });
    for (int i = 0; i < rounds; ++i) {
        meet(i);
        cancelled[i] = futures[i].cancel();
    }
    worker.join();
    int claims = 0, cancels = 0, both = 0, neither = 0;
    for (int i = 0; i < rounds; ++i) {
        claims += claimed[i];
        cancels += cancelled[i];
        both += claimed[i] && cancelled[i];
        neither += !claimed[i] && !cancelled[i];
        BOOST_TEST(futures[i].cancelled() == static_cast<bool>(cancelled[i]));
        BOOST_TEST(futures[i].running() == static_cast<bool>(claimed[i]));
    }
    BOOST_TEST(both == 0);
    BOOST_TEST(neither == 0);
    BOOST_TEST(claims + cancels == rounds);
    BOOST_TEST_MESSAGE("claims " << claims << ", cancels " << cancels);
}

BOOST_AUTO_TEST_CASE(many_waiters_on_one_future_all_wake)
{
    constexpr int waiters = 8;
    auto [state, f] = make<int>();
    std::atomic<int> woke{0}, right{0};
    std::vector<std::jthread> threads;
    for (int i = 0; i < waiters; ++i)
        threads.emplace_back([&woke, &right, g = f] {
            right += g.get() == 11;
            ++woke;
        });
    std::this_thread::sleep_for(50ms); // let them sleep on the word
    BOOST_TEST(woke.load() == 0);
    state->set_value(11);
    threads.clear(); // joins
    BOOST_TEST(woke.load() == waiters);
    BOOST_TEST(right.load() == waiters);
}

BOOST_AUTO_TEST_CASE(future_of_void)
{
    auto [state, f] = make<void>();
    static_assert(std::is_void_v<decltype(f.get())>);
    static_assert(std::is_void_v<decltype(std::move(f).get())>);
    BOOST_TEST(!f.wait_for(10ms));
    BOOST_CHECK_THROW(f.get_for(10ms), ft::timeout_error);
    std::jthread completer = completes_later(10ms, [s = state] { s->set_value(); });
    f.get();
    f.get_for(1s);
    BOOST_TEST(!f.exception());
    std::move(f).get();

    auto [failing, g] = make<void>();
    failing->set_exception(std::make_exception_ptr(std::out_of_range("range")));
    BOOST_CHECK_THROW(g.get(), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(a_future_without_a_state)
{
    ft::future<int> f;
    BOOST_TEST(!f.valid());
    BOOST_TEST(!f.done());
    BOOST_TEST(!f.running());
    BOOST_TEST(!f.cancelled());
    const auto says_no_state = [](const std::logic_error& e) {
        return std::string(e.what()) == "freethreading: future has no state";
    };
    BOOST_CHECK_EXCEPTION((void)f.get(), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)ft::future<int>().get(), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)f.get_for(1ms), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)f.get_until(steady_clock::now()), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION(f.wait(), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)f.wait_for(1ms), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)f.wait_until(steady_clock::now()), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)f.cancel(), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)f.exception(), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION(f.add_done_callback([](const ft::future<int>&) {}), std::logic_error, says_no_state);
    BOOST_CHECK_EXCEPTION((void)f.request_stop(), std::logic_error, says_no_state);
    ft::future<void> v;
    BOOST_CHECK_EXCEPTION(v.get(), std::logic_error, says_no_state);

    auto [state, g] = make<int>();
    ft::future<int> moved = std::move(g);
    BOOST_TEST(!g.valid()); // NOLINT(bugprone-use-after-move): the moved-from handle has no state
    BOOST_TEST(moved.valid());
    state->set_value(1);
}

BOOST_AUTO_TEST_CASE(futures_compare_and_hash_by_state)
{
    auto [s1, a] = make<int>();
    auto [s2, b] = make<int>();
    const ft::future<int> a2 = a;
    BOOST_TEST((a == a2));
    BOOST_TEST((a != b));
    BOOST_TEST((ft::future<int>() == ft::future<int>()));
    std::unordered_set<ft::future<int>> set{a, b, a2};
    BOOST_TEST(set.size() == 2u);
    BOOST_TEST((std::hash<ft::future<int>>{}(a) == std::hash<ft::future<int>>{}(a2)));
    s1->set_value(1);
    s2->set_value(2);
}

BOOST_AUTO_TEST_CASE(futures_never_cross_into_another_process)
{
    static_assert(!ft::serializable<ft::future<int>>);
    static_assert(!ft::serializable<ft::future<void>>);
    static_assert(!ft::serializable<std::vector<ft::future<int>>>);
    static_assert(ftd::rule_of<ft::future<int>>() == ftd::codec_rule::future);
    BOOST_TEST(true);
}

} // namespace
