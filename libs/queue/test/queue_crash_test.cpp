//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Crash consistency of multiprocessing::queue (DESIGN §6): a consumer or a
// producer process SIGKILLed at a random moment of its get or put loop, for
// items that go through the codec into the record ring (std::string) and raw
// items in the lock-free slot ring of a bounded queue (std::int64_t). The
// others must not hang, and every item must arrive once, whole:
// - a consumer publishes a get with one store after it has copied the record
//   out, so a consumer killed before that store leaves the record queued (the
//   next consumer gets it), and one killed after it has taken it for good
//   (in the slot ring: once it has claimed the slot; the claim is freed when
//   its owner is seen dead). The victim writes down each item it got, so at
//   most one item, the one it had taken and not yet written down, is
//   missing, and none is duplicated;
// - a producer publishes a put with one store after the record is written, so
//   a producer killed inside put leaves its item fully queued or not at all
//   (in the slot ring, a dead producer's claimed slot is skipped): its items
//   arrive as 0, 1, ..., m-1, m being the puts it saw return, or one more.
// One queue serves every iteration of a test: it must stay consistent through
// every one of its 100 kills.
// The contenders are in queue_crash_support.hpp.

#include <freethreading/queue.hpp>

#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <optional>
#include <random>
#include <signal.h>
#include <string>
#include <tuple>
#include <vector>
#include <unistd.h>

#include "queue_crash_support.hpp"

namespace ft = freethreading;
using namespace queue_crash;

using item_types = std::tuple<std::string, std::int64_t>;

BOOST_AUTO_TEST_CASE_TEMPLATE(a_killed_consumer_loses_at_most_the_item_it_had_taken, T, item_types)
{
    std::mt19937 rng(seed());
    constexpr int iterations = 100;
    item_queue<T> q(bound);
    warm_up(q);
    int lost = 0;
    for (int it = 0; it < iterations; ++it) {
        freethreading_test::shared_page<board> b;
        const pid_t victim = freethreading_test::start_child([&] { return consume<T>(q, b->victim); });
        // In even iterations the survivor competes with the victim for the
        // consumer lock when the victim dies; in odd ones it starts after the
        // kill, so the victim, alone, spends more of its time inside get.
        const auto start_survivor = [&] {
            return freethreading_test::start_child([&] { return consume<T>(q, b->survivor); });
        };
        pid_t survivor = it % 2 == 0 ? start_survivor() : 0;
        pid_t producer[2];
        for (std::uint64_t p = 0; p < 2; ++p)
            producer[p] = freethreading_test::start_child([&, p] {
                const bool ok = produce<T>(q, p, per_producer, nullptr);
                b->producers_done.fetch_add(1);
                return ok;
            });
        const auto k = std::uniform_int_distribution<std::uint32_t>(0, per_producer * 2 / 3)(rng);
        wait_for_moment([&] { return b->victim.count.load() >= k || b->producers_done.load() == 2; }, rng);
        ::kill(victim, SIGKILL);
        const freethreading_test::child_status v = freethreading_test::wait_child(victim);
        bool ok = v.signal == SIGKILL; // it was still in its loop, not failed or hung
        if (survivor == 0)
            survivor = start_survivor();
        for (pid_t p : producer)
            ok = freethreading_test::wait_child(p).exited_with(0) && ok;
        q.put(crash_item<T>::end_marker()); // for the survivor only
        ok = freethreading_test::wait_child(survivor).exited_with(0) && ok;
        BOOST_TEST(ok, "iteration " << it << ": a contender failed or hung (see stderr)");

        std::vector<int> times(2 * per_producer, 0);
        int foreign = 0;
        for (const receipts* r : {&b->victim, &b->survivor})
            for (std::uint32_t i = 0; i < r->count.load(); ++i) {
                const std::uint64_t p = r->ids[i] >> 32, seq = r->ids[i] & 0xffffffffu;
                if (p < 2 && seq < per_producer)
                    ++times[p * per_producer + seq];
                else
                    ++foreign;
            }
        int missing = 0, duplicated = 0;
        for (int t : times) {
            missing += t == 0;
            duplicated += t > 1;
        }
        lost += missing;
        // When the victim consumed alone, it took each producer's first items
        // in order, and the one it may have lost is the next of one producer.
        bool victim_took_a_prefix = true;
        if (it % 2 != 0) {
            std::uint32_t next[2] = {0, 0};
            for (std::uint32_t i = 0; i < b->victim.count.load(); ++i) {
                const std::uint64_t p = b->victim.ids[i] >> 32, seq = b->victim.ids[i] & 0xffffffffu;
                victim_took_a_prefix = victim_took_a_prefix && p < 2 && seq == next[p]++;
            }
            for (std::uint32_t index = 0; index < times.size(); ++index)
                if (times[index] == 0)
                    victim_took_a_prefix = victim_took_a_prefix && index % per_producer == next[index / per_producer];
        }
        BOOST_TEST(victim_took_a_prefix, "iteration " << it << ": the lost item is not the victim's next one");
        BOOST_TEST(foreign == 0, "iteration " << it);
        BOOST_TEST(duplicated == 0, "iteration " << it << ": items delivered twice");
        BOOST_TEST(missing <= 1, "iteration " << it << ": " << missing << " items lost");
        BOOST_TEST(q.empty(), "iteration " << it);
        if (!ok || !victim_took_a_prefix || foreign != 0 || duplicated != 0 || missing > 1 || !q.empty())
            break;
    }
    BOOST_TEST_MESSAGE(lost << " of " << iterations << " kills lost the item the victim had taken");
    // Still a working queue, and no process died inside the segment allocator.
    q.put(crash_item<T>::make(1, 7));
    BOOST_TEST((q.get_for(1s) == std::optional<T>(crash_item<T>::make(1, 7))));
    BOOST_TEST(!ft::detail::shared_segment::instance().poisoned());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_killed_producer_leaves_its_item_whole_or_not_at_all, T, item_types)
{
    std::mt19937 rng(seed());
    constexpr int iterations = 100;
    item_queue<T> q(bound);
    warm_up(q);
    int partial = 0;
    for (int it = 0; it < iterations; ++it) {
        freethreading_test::shared_page<board> b;
        const pid_t victim = freethreading_test::start_child([&] {
            (void)produce<T>(q, 0, victim_cap, &b->completed);
            for (;;) // never reached in practice; wait for the kill
                ::pause();
            return false;
        });
        // As above: the surviving producer competes for the producer lock in
        // even iterations and starts after the kill in odd ones.
        const auto start_producer = [&] {
            return freethreading_test::start_child([&] { return produce<T>(q, 1, per_producer, nullptr); });
        };
        pid_t producer = it % 2 == 0 ? start_producer() : 0;
        const pid_t consumer = freethreading_test::start_child([&] { return consume<T>(q, b->survivor); });
        const auto k = std::uniform_int_distribution<std::uint32_t>(0, per_producer)(rng);
        wait_for_moment([&] { return b->completed.load() >= k; }, rng);
        ::kill(victim, SIGKILL);
        const freethreading_test::child_status v = freethreading_test::wait_child(victim);
        bool ok = v.signal == SIGKILL;
        if (producer == 0)
            producer = start_producer();
        ok = freethreading_test::wait_child(producer).exited_with(0) && ok;
        q.put(crash_item<T>::end_marker());
        ok = freethreading_test::wait_child(consumer).exited_with(0) && ok;
        BOOST_TEST(ok, "iteration " << it << ": a contender failed or hung (see stderr)");

        // Each producer's items arrive as 0, 1, ..., in order and without a gap
        // (the consumer already checked that each one is whole).
        std::uint32_t next[2] = {0, 0};
        bool gapless = true;
        const receipts& r = b->survivor;
        for (std::uint32_t i = 0; i < r.count.load(); ++i) {
            const std::uint64_t p = r.ids[i] >> 32, seq = r.ids[i] & 0xffffffffu;
            gapless = gapless && p < 2 && seq == next[p];
            if (p < 2)
                ++next[p];
        }
        const std::uint32_t completed = b->completed.load();
        partial += next[0] == completed + 1;
        BOOST_TEST(gapless, "iteration " << it << ": a producer's items have a gap or are out of order");
        BOOST_TEST(next[1] == per_producer, "iteration " << it);
        BOOST_TEST((next[0] == completed || next[0] == completed + 1),
                   "iteration " << it << ": the victim saw " << completed << " puts return, " << next[0]
                                << " items arrived");
        BOOST_TEST(q.empty(), "iteration " << it);
        if (!ok || !gapless || next[1] != per_producer || next[0] < completed || next[0] > completed + 1 ||
            !q.empty())
            break;
    }
    BOOST_TEST_MESSAGE(partial << " of " << iterations
                               << " kills came after the victim's last put was published but before it returned");
    q.put(crash_item<T>::make(1, 9));
    BOOST_TEST((q.get_for(1s) == std::optional<T>(crash_item<T>::make(1, 9))));
    BOOST_TEST(!ft::detail::shared_segment::instance().poisoned());
    BOOST_TEST(freethreading_test::count_children() == 0);
}
