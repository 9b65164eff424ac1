//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A waiter of a ring shared between processes does not rely on a wake-up
// call alone (DESIGN §6, crash consistency): whoever changes a slot makes the
// call after the change, and may be killed in between. The queue's crash test
// met it under ThreadSanitizer: a consumer killed right after it took the
// slot a producer slept on left that producer asleep until its deadline, and
// the queue stalled. Here the slot of a one-slot ring is freed as a consumer
// frees it, with no wake-up, while a producer sleeps on it: the producer must
// see it within its re-check slice (20 ms), not at its deadline.

#include <freethreading/core/detail/ring/slot_ring.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace ftd = freethreading::detail;
using namespace std::chrono_literals;
using std::chrono::steady_clock;

BOOST_AUTO_TEST_CASE(a_producer_sees_a_slot_freed_without_a_wake_up)
{
    ftd::slot_ring r;
    ftd::slot_ring_init(r, 1, sizeof(std::uint64_t), ftd::segment_ring_memory());
    BOOST_TEST_REQUIRE(r.shared);
    const std::uint64_t first = 1;
    BOOST_TEST_REQUIRE(ftd::slot_put(r, &first, sizeof first, ftd::steady_time::min()));

    std::atomic<bool> put{false};
    std::atomic<long long> took_ms{-1};
    std::thread producer([&] {
        const auto start = steady_clock::now();
        const std::uint64_t second = 2;
        put = ftd::slot_put(r, &second, sizeof second, start + 10s);
        took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(steady_clock::now() - start).count();
    });
    // The producer sleeps once its waiter bit is on the full slot.
    std::atomic<std::uint64_t>& state = ftd::slot_state(r, 0);
    const auto limit = steady_clock::now() + 5s;
    while ((state.load() & ftd::slot_waiter_bit) == 0 && steady_clock::now() < limit)
        std::this_thread::sleep_for(1ms);
    BOOST_TEST_REQUIRE((state.load() & ftd::slot_waiter_bit) != 0);
    std::this_thread::sleep_for(50ms);

    // A consumer's take (slot_try_take) of position 0, then its death before
    // the wake-up: the slot free for the next lap, the waiter bit cleared.
    const auto taken = *ftd::slot_words(state);
    state.store(ftd::slot_code(0, ftd::slot_free) + 4);
    ftd::slot_advance(r, r.tail, 0);
    producer.join();
    BOOST_TEST(taken == first);
    BOOST_TEST(put.load());
    BOOST_TEST(took_ms.load() < 2000); // a slice is 20 ms; the deadline was 10 s away

    std::uint64_t got = 0;
    BOOST_TEST(ftd::slot_get(r, &got, sizeof got, ftd::steady_time::min()));
    BOOST_TEST(got == 2u);
    ftd::slot_ring_destroy(r);
}
