//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The lock-free slot ring of a bounded multiprocessing::queue of raw items,
// with a claim left behind by a producer process that died holding it
// (DESIGN §6). The random kills of queue_crash_test rarely land inside a
// claim, which lasts nanoseconds; here a child claims the head slot exactly
// as put does, then exits without filling it: its item is not in the queue,
// the consumer behind it frees and skips the slot, and the position is not
// counted as a put (join). (A consumer never holds a claim: it takes an item
// with one compare-and-swap.)

#include <freethreading/queue.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/printing.hpp>

#include "queue_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace ft = freethreading;

namespace {

using namespace std::chrono_literals;

using raw_queue = ft::multiprocessing::queue<std::int64_t>;

ft::detail::slot_ring& slots_of(const raw_queue& q)
{
    return queue_test::state_of(q).get()->rings.slots;
}

// In a child: claims the slot of the head position as put does, then dies
// holding the claim.
bool die_holding_claim(const raw_queue& q)
{
    ft::detail::slot_ring& r = slots_of(q);
    const std::uint64_t pos = r.head.load();
    std::atomic<std::uint64_t>& state = ft::detail::slot_state(r, pos);
    std::uint64_t s = state.load();
    if (static_cast<std::uint32_t>(s) != ft::detail::slot_code(pos, ft::detail::slot_free))
        return false;
    return state.compare_exchange_strong(s, ft::detail::slot_claim(r, pos, ft::detail::slot_filling));
}

} // namespace

BOOST_AUTO_TEST_CASE(a_dead_producers_claimed_slot_is_skipped)
{
    raw_queue q(4);
    BOOST_TEST_REQUIRE(slots_of(q).count == 4u); // the slot ring, not the record ring
    q.put(10);
    BOOST_TEST(freethreading_test::run_in_child([&] { return die_holding_claim(q); }).exited_with(0));
    q.put(12); // the head moves past the claimed slot
    BOOST_TEST(q.get_for(5s) == std::optional<std::int64_t>(10));
    BOOST_TEST(q.get_for(5s) == std::optional<std::int64_t>(12)); // frees the dead claim on the way
    BOOST_TEST(q.empty());
    BOOST_TEST(!q.try_get().has_value());
    q.task_done();
    q.task_done();
    BOOST_TEST(q.join_for(1s)); // the dead producer's position is no unfinished task
    BOOST_CHECK_THROW(q.task_done(), std::logic_error);
    // A whole lap later the queue is as good as new.
    for (std::int64_t i = 0; i < 4; ++i)
        BOOST_TEST(q.put_for(i, 5s));
    BOOST_TEST(q.full());
    for (std::int64_t i = 0; i < 4; ++i)
        BOOST_TEST(q.get_for(5s) == std::optional<std::int64_t>(i));
}
