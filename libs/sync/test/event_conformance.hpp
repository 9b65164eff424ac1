//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_EVENT_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_EVENT_CONFORMANCE_HPP

// The event_like suite, written once as one function template per clause
// (`test_<clause><E>()`) and run over every spelling of `event` by
// event_test.cpp.

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/event.hpp>

#include "sync_test_support.hpp"

#include <freethreading_test/contenders.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace event_conformance {

using namespace std::chrono_literals;
using std::chrono::steady_clock;
using freethreading_test::background_contenders;
using freethreading_test::eventually;
using freethreading_test::now_ns;
using freethreading_test::since;
using freethreading_test::timing_slack;
using sync_test::is_shared;

// Where each spelling must keep its state (DESIGN §3).
template <class E>
bool expected_shared()
{
    return sync_test::expected_shared<E, freethreading::threading::event, freethreading::multiprocessing::event>();
}

// Python test 19: a new event is not set; set() sets it; clear() clears it.
template <class E>
void test_is_set_follows_set_and_clear()
{
    static_assert(freethreading::event_like<E>);
    static_assert(freethreading::primitive_handle<E>);
    E e;
    BOOST_TEST(!e.is_set());
    e.set();
    BOOST_TEST(e.is_set());
    e.set(); // setting a set event changes nothing
    BOOST_TEST(e.is_set());
    e.clear();
    BOOST_TEST(!e.is_set());
    e.clear();
    BOOST_TEST(!e.is_set());
}

// Python test 20: wait(timeout=0.01) is false while unset, true once set.
template <class E>
void test_wait_for_times_out_until_set()
{
    E e;
    BOOST_TEST(e.wait_for(10ms) == false);
    e.set();
    BOOST_TEST(e.wait_for(10ms) == true);
    const auto start = steady_clock::now();
    e.wait(); // set: returns at once
    BOOST_TEST(e.wait_for(1h) == true);
    BOOST_TEST(since(start) < 100ms);
}

template <class E>
void test_state_lives_where_the_spelling_says()
{
    E e;
    BOOST_TEST(is_shared(e) == expected_shared<E>());
}

template <class E>
void test_copies_are_the_same_event()
{
    E a;
    E b = a;
    BOOST_TEST((a == b));
    BOOST_TEST(!(a == E()));
    b.set();
    BOOST_TEST(a.is_set());
    BOOST_TEST(a.wait_for(std::chrono::milliseconds(0)));
    a.clear();
    BOOST_TEST(!b.is_set());
    E c;
    c = a;
    BOOST_TEST((c == a));
    c.set();
    BOOST_TEST(b.is_set());
}

template <class E>
void test_wait_until_takes_any_clock()
{
    E e;
    {
        const auto start = steady_clock::now();
        BOOST_TEST(e.wait_until(start + 20ms) == false);
        BOOST_TEST(since(start) >= 20ms);
    }
    {
        // The system clock is read after `start`: the wait cannot end before
        // start + 20 ms, less a microsecond of disagreement between the clocks.
        const auto start = steady_clock::now();
        BOOST_TEST(e.wait_until(std::chrono::system_clock::now() + 20ms) == false);
        BOOST_TEST(since(start) >= 19ms);
    }
    {
        const auto start = steady_clock::now();
        BOOST_TEST(e.wait_until(steady_clock::now() - 1s) == false);
        BOOST_TEST(e.wait_until(std::chrono::system_clock::now() - 1s) == false);
        BOOST_TEST(e.wait_until(steady_clock::time_point::min()) == false);
        BOOST_TEST(since(start) < 100ms);
    }
    e.set();
    BOOST_TEST(e.wait_until(steady_clock::now() + 20ms) == true);
    BOOST_TEST(e.wait_until(std::chrono::system_clock::now() + 20ms) == true);
    BOOST_TEST(e.wait_until(steady_clock::now() - 1s) == true); // set: true without waiting
    BOOST_TEST(e.wait_until(std::chrono::system_clock::now() - 1s) == true);
}

template <class E>
void test_timed_waits_return_within_bounds()
{
    E e;
    {
        const auto start = steady_clock::now();
        const bool set = e.wait_for(50ms);
        const auto elapsed = since(start);
        BOOST_TEST(!set);
        BOOST_TEST(elapsed >= 50ms);
        BOOST_TEST(elapsed < 50ms + timing_slack);
    }
    {
        const auto start = steady_clock::now();
        const bool set = e.wait_until(std::chrono::system_clock::now() + 50ms);
        const auto elapsed = since(start);
        BOOST_TEST(!set);
        BOOST_TEST(elapsed >= 49ms);
        BOOST_TEST(elapsed < 50ms + timing_slack);
    }
    {
        // Zero and negative durations look once.
        const auto start = steady_clock::now();
        BOOST_TEST(e.wait_for(0ms) == false);
        BOOST_TEST(e.wait_for(-1s) == false);
        BOOST_TEST(e.wait_for(std::chrono::nanoseconds::min()) == false);
        BOOST_TEST(since(start) < 100ms);
    }
    e.set();
    BOOST_TEST(e.wait_for(0ms) == true);
    BOOST_TEST(e.wait_for(-1s) == true);
}

template <class E>
void test_clear_makes_later_waits_block()
{
    E e;
    e.set();
    BOOST_TEST(e.wait_for(20ms));
    e.clear();
    const auto start = steady_clock::now();
    BOOST_TEST(e.wait_for(20ms) == false);
    BOOST_TEST(since(start) >= 20ms);
    e.set();
    BOOST_TEST(e.wait_for(20ms));
}

// A set() from another contender wakes a waiter blocked in wait() (no timeout).
template <class E>
void test_set_wakes_an_untimed_wait()
{
    E e;
    E go; // the waiter says it is about to wait
    freethreading_test::shared_page<std::atomic<std::int64_t>> returned_at(0);
    // A safety net: if wait() has not returned 5 s after set(), the setter
    // clears and sets again (a new wake-up), so that a lost wake-up fails
    // the test instead of hanging it.
    const bool ok = freethreading_test::run_contenders(is_shared(e), 2, [&](int i) {
        if (i == 0) {
            go.set();
            e.wait();
            returned_at->store(now_ns());
            return true;
        }
        if (!go.wait_for(5s))
            return false;
        std::this_thread::sleep_for(50ms);
        const std::int64_t set_at = now_ns();
        e.set();
        for (int k = 0; k < 5000 && returned_at->load() == 0; ++k)
            std::this_thread::sleep_for(1ms);
        if (returned_at->load() == 0) {
            e.clear();
            e.set();
            while (returned_at->load() == 0)
                std::this_thread::sleep_for(1ms);
            return false;
        }
        return returned_at->load() >= set_at && returned_at->load() - set_at < 1'000'000'000;
    });
    BOOST_TEST(ok);
    BOOST_TEST(returned_at->load() != 0);
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// An event releases four waiting contenders (processes where the state is
// shared): all block until the parent sets it, then all return true promptly.
template <class E>
void test_set_releases_every_waiting_contender()
{
    constexpr int contenders = 4;
    struct shared_record
    {
        std::atomic<int> waiting{0};
        std::atomic<int> returned{0};
        std::atomic<std::int64_t> latest_return{0};
    };
    E e;
    freethreading_test::shared_page<shared_record> record;
    background_contenders waiters(is_shared(e), contenders, [&](int i) {
        record->waiting.fetch_add(1);
        // Half wait by duration, half by a system_clock time point.
        const bool set = i % 2 == 0 ? e.wait_for(5s) : e.wait_until(std::chrono::system_clock::now() + 5s);
        const std::int64_t t = now_ns();
        std::int64_t latest = record->latest_return.load();
        while (t > latest && !record->latest_return.compare_exchange_weak(latest, t))
            ;
        record->returned.fetch_add(1);
        return set;
    });
    BOOST_TEST(eventually([&] { return record->waiting.load() == contenders; }));
    std::this_thread::sleep_for(50ms); // let them fall asleep
    BOOST_TEST(record->returned.load() == 0);
    const std::int64_t set_at = now_ns();
    e.set();
    BOOST_TEST(waiters.join()); // each wait returned true
    BOOST_TEST(record->returned.load() == contenders);
    const std::int64_t latest = record->latest_return.load();
    BOOST_TEST(latest >= set_at);
    BOOST_TEST((latest - set_at) / 1'000'000 < 1000); // milliseconds: far below the 5 s timeout
    BOOST_TEST(e.is_set());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace event_conformance

#endif // FREETHREADING_SYNC_TEST_EVENT_CONFORMANCE_HPP
