//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_SEMAPHORE_WAIT_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_SEMAPHORE_WAIT_CONFORMANCE_HPP

// The semaphore_like suite, part two: timed acquisition and contenders
// (processes where the state is shared) waiting on an empty semaphore.
// Written once as one function template per clause (`test_<clause><S>()`)
// and run over every spelling of `semaphore` and `bounded_semaphore` by
// semaphore_wait_test.cpp.

#include <freethreading/sync/bounded_semaphore.hpp>
#include <freethreading/sync/semaphore.hpp>

#include "sync_test_support.hpp"

#include <freethreading_test/contenders.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <thread>

namespace semaphore_wait_conformance {

using namespace std::chrono_literals;
using std::chrono::steady_clock;
using freethreading_test::background_contenders;
using freethreading_test::eventually;
using freethreading_test::since;
using freethreading_test::timing_slack;
using sync_test::is_shared;

// A semaphore made with `n` units and then emptied: a bounded one may be
// released up to `n` again.
template <class S>
S drained(std::ptrdiff_t n)
{
    S s(n);
    for (std::ptrdiff_t i = 0; i < n; ++i)
        s.acquire();
    return s;
}

// Python test 36: acquire(timeout=0.01) succeeds, then a non-blocking one fails.
template <class S>
void test_timed_acquire_then_try_acquire()
{
    S s(1);
    BOOST_TEST(s.try_acquire_for(10ms));
    BOOST_TEST(!s.try_acquire());
    BOOST_TEST(s.value() == 0);
    s.release();
    BOOST_TEST(s.try_acquire_until(steady_clock::now() + 10ms));
    s.release();
}

template <class S>
void test_zero_and_negative_timeouts_try_once()
{
    S zero(0);
    S s = drained<S>(1);
    const auto start = steady_clock::now();
    BOOST_TEST(!zero.try_acquire());
    BOOST_TEST(!zero.try_acquire_for(0ms));
    BOOST_TEST(!s.try_acquire());
    BOOST_TEST(!s.try_acquire_for(0ms));
    BOOST_TEST(!s.try_acquire_for(-1s));
    BOOST_TEST(!s.try_acquire_for(std::chrono::nanoseconds::min()));
    BOOST_TEST(!s.try_acquire_until(steady_clock::now() - 1s));
    BOOST_TEST(!s.try_acquire_until(std::chrono::system_clock::now() - 1s));
    BOOST_TEST(!s.try_acquire_until(steady_clock::time_point::min()));
    BOOST_TEST(since(start) < 100ms);
    // With a unit free, a single try succeeds.
    s.release();
    BOOST_TEST(s.try_acquire_for(0ms));
    s.release();
    BOOST_TEST(s.try_acquire_for(-5ms));
    s.release();
    BOOST_TEST(s.try_acquire_until(steady_clock::now() - 1s));
    BOOST_TEST(s.value() == 0);
}

template <class S>
void test_timed_acquire_returns_within_bounds()
{
    S s = drained<S>(1);
    {
        const auto start = steady_clock::now();
        const bool got = s.try_acquire_for(50ms);
        const auto elapsed = since(start);
        BOOST_TEST(!got);
        BOOST_TEST(elapsed >= 50ms);
        BOOST_TEST(elapsed < 50ms + timing_slack);
    }
    {
        const auto start = steady_clock::now();
        const bool got = s.try_acquire_until(start + 50ms);
        const auto elapsed = since(start);
        BOOST_TEST(!got);
        BOOST_TEST(elapsed >= 50ms);
        BOOST_TEST(elapsed < 50ms + timing_slack);
    }
    {
        // Any clock: converted once to steady_clock. The system clock is
        // read after `start`, so the wait cannot end before start + 50 ms
        // (less a microsecond of disagreement between the two clocks).
        const auto start = steady_clock::now();
        const bool got = s.try_acquire_until(std::chrono::system_clock::now() + 50ms);
        const auto elapsed = since(start);
        BOOST_TEST(!got);
        BOOST_TEST(elapsed >= 49ms);
        BOOST_TEST(elapsed < 50ms + timing_slack);
    }
    s.release();
    {
        const auto start = steady_clock::now();
        BOOST_TEST(s.try_acquire_until(std::chrono::system_clock::now() + 5s));
        BOOST_TEST(since(start) < 500ms);
    }
    BOOST_TEST(s.value() == 0);
}

// release(n) lets exactly n waiters through: three contenders wait on an
// empty semaphore; release(2) admits two, release(1) the third.
template <class S>
void test_release_n_wakes_n_waiters()
{
    struct shared_counts
    {
        std::atomic<int> waiting{0};
        std::atomic<int> acquired{0};
    };
    S s = drained<S>(3);
    freethreading_test::shared_page<shared_counts> counts;
    background_contenders contenders(is_shared(s), 3, [&](int) {
        ++counts->waiting;
        if (!s.try_acquire_for(5s))
            return false;
        ++counts->acquired;
        return true;
    });
    BOOST_TEST(eventually([&] { return counts->waiting.load() == 3; }));
    std::this_thread::sleep_for(50ms); // let them fall asleep
    BOOST_TEST(counts->acquired.load() == 0);
    s.release(2);
    BOOST_TEST(eventually([&] { return counts->acquired.load() == 2; }, 2s));
    std::this_thread::sleep_for(50ms);
    BOOST_TEST(counts->acquired.load() == 2); // not a third
    BOOST_TEST(s.value() == 0);
    s.release(1);
    BOOST_TEST(contenders.join());
    BOOST_TEST(counts->acquired.load() == 3);
    BOOST_TEST(s.value() == 0);
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// semaphore(2) with four contenders (processes where the state is shared)
// never lets three into the section, and counts every entry.
template <class S>
void test_admits_at_most_its_value()
{
    constexpr int contenders = 4;
    constexpr int rounds = 2000;
    struct section
    {
        std::atomic<int> started{0};
        std::atomic<int> inside{0};
        std::atomic<int> most{0};
        std::atomic<long> entries{0};
    };
    S s(2);
    freethreading_test::shared_page<section> page;
    const bool ok = freethreading_test::run_contenders(is_shared(s), contenders, [&](int) {
        // Start together, so that the contenders really overlap.
        page->started.fetch_add(1);
        while (page->started.load() < contenders)
            std::this_thread::sleep_for(100us);
        for (int i = 0; i < rounds; ++i) {
            s.acquire();
            const int now = page->inside.fetch_add(1) + 1;
            int most = page->most.load();
            while (now > most && !page->most.compare_exchange_weak(most, now))
                ;
            for (int k = 0; k < 64; ++k)
                (void)page->inside.load(std::memory_order_relaxed);
            if (i % 64 == 0)
                std::this_thread::yield(); // now and then, give the others the CPU while inside
            page->inside.fetch_sub(1);
            page->entries.fetch_add(1);
            s.release();
        }
        return true;
    });
    BOOST_TEST(ok);
    BOOST_TEST(page->most.load() == 2);
    BOOST_TEST(page->entries.load() == long(contenders) * rounds);
    BOOST_TEST(page->inside.load() == 0);
    BOOST_TEST(s.value() == 2);
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace semaphore_wait_conformance

#endif // FREETHREADING_SYNC_TEST_SEMAPHORE_WAIT_CONFORMANCE_HPP
