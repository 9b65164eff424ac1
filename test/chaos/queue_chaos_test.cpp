//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Chaos on multiprocessing queues (DESIGN §6 "Crash consistency"), unbounded
// and bounded: an unbounded queue grows and shrinks by chunks that its
// producers take and its consumers give back while they run, so a kill lands
// inside that too; a bounded one makes producers wait for room. Each seeded
// iteration (chaos_support.hpp: 200 by default) per item type kills, at a
// random moment, a producer or a consumer (chosen at random) of one
// long-lived queue<std::int64_t> (raw items) or queue<std::string> (encoded
// records) while another producer and consumer keep going, under a watchdog.
// After every kill a probe allocation from the segment's heap and one from
// its arena must succeed (a process killed inside the segment's allocator
// would poison it), and every item is delivered exactly once, whole and in
// each producer's order, except at most the one a killed consumer had taken;
// a killed producer's items arrive as 0..m-1, m being the puts it saw
// return, or one more.

#include <freethreading/queue.hpp>

#include <freethreading/core/ipc/chunk_arena.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/contenders.hpp>

#include "chaos_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
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
namespace ftd = freethreading::detail;
using namespace queue_crash;

namespace {

// Enough items per producer and iteration that the queue crosses chunks a
// few times in each: raw int64 records take one 16-byte cell, strings up to
// 45 cells.
template <class T>
constexpr std::uint32_t load = std::is_same_v<T, std::int64_t> ? 4000 : 150;

template <class T>
struct chaos_receipts
{
    static constexpr std::uint32_t capacity = 6 * load<T>;
    std::atomic<std::uint32_t> count{0};
    std::uint64_t ids[capacity];
};

template <class T>
struct chaos_board
{
    chaos_receipts<T> got[2];                // by consumer 0 (perhaps the victim) and 1
    std::atomic<std::uint32_t> completed{0}; // puts the victim producer saw return
    std::atomic<int> producers_done{0};
    std::atomic<int> failures{0};
};

// Gets until the end marker, writing each item's id down at once and
// checking it is exactly the item made with that id, in its producer's order.
template <class T>
bool consume_all(item_queue<T>& q, chaos_receipts<T>& r, chaos_board<T>& b)
{
    std::int64_t last[2] = {-1, -1};
    for (;;) {
        const std::optional<T> v = q.get_for(patience);
        if (!expect(v.has_value(), "a consumer timed out: the queue hangs"))
            return false;
        if (crash_item<T>::is_end(*v))
            return true;
        const std::uint64_t id = crash_item<T>::id_of(*v);
        const std::uint32_t n = r.count.load(std::memory_order_relaxed);
        if (!expect(n < r.capacity, "a consumer got more items than were put"))
            return false;
        r.ids[n] = id;
        r.count.store(n + 1, std::memory_order_release);
        const std::uint64_t p = id >> 32, seq = id & 0xffffffffu;
        if (!expect(p < 2 && *v == crash_item<T>::make(p, seq), "a consumer got a torn or foreign item") ||
            !expect(static_cast<std::int64_t>(seq) > last[p], "a consumer got a producer's items out of order")) {
            b.failures.fetch_add(1);
            return false;
        }
        last[p] = static_cast<std::int64_t>(seq);
    }
}

template <class T>
bool produce_all(item_queue<T>& q, std::uint64_t p, std::uint32_t items, std::atomic<std::uint32_t>* completed)
{
    for (std::uint32_t seq = 0; seq < items; ++seq) {
        q.put(crash_item<T>::make(p, seq)); // a bounded queue waits for room
        if (completed != nullptr)
            completed->store(seq + 1, std::memory_order_release);
    }
    return true;
}

// One iteration: a victim (producer or consumer) killed at a random moment
// while a surviving producer and consumer run. Returns false on a broken
// invariant (already reported).
template <class T>
bool one_kill(item_queue<T>& q, bool kill_consumer, int it, std::mt19937& rng, int& lost)
{
    constexpr std::uint32_t items = load<T>;
    freethreading_test::shared_page<chaos_board<T>> b;
    pid_t victim = 0, producer[2] = {0, 0}, consumer[2] = {0, 0};
    if (kill_consumer) {
        consumer[0] = victim = freethreading_test::start_child([&] { return consume_all<T>(q, b->got[0], *b); });
        consumer[1] = freethreading_test::start_child([&] { return consume_all<T>(q, b->got[1], *b); });
        for (std::uint64_t p = 0; p < 2; ++p)
            producer[p] = freethreading_test::start_child([&, p] {
                const bool ok = produce_all<T>(q, p, items, nullptr);
                b->producers_done.fetch_add(1);
                return ok;
            });
    } else {
        producer[0] = victim = freethreading_test::start_child([&] {
            (void)produce_all<T>(q, 0, 4 * items, &b->completed);
            for (;;) // wait for the kill
                ::pause();
            return false;
        });
        producer[1] = freethreading_test::start_child([&] { return produce_all<T>(q, 1, items, nullptr); });
        consumer[1] = freethreading_test::start_child([&] { return consume_all<T>(q, b->got[1], *b); });
    }
    const auto k = std::uniform_int_distribution<std::uint32_t>(0, items)(rng);
    // A victim consumer may never get k items (the other takes them): then
    // it dies waiting for more once the producers are done.
    wait_for_moment([&] {
        return kill_consumer ? b->got[0].count.load() >= k || b->producers_done.load() == 2 : b->completed.load() >= k;
    }, rng);
    ::kill(victim, SIGKILL);
    bool ok = freethreading_test::wait_child(victim).signal == SIGKILL;
    const bool probed = chaos::segment_allocates();
    for (pid_t p : producer)
        if (p != victim)
            ok = freethreading_test::wait_child(p).exited_with(0) && ok;
    q.put(crash_item<T>::end_marker()); // for the surviving consumer
    ok = freethreading_test::wait_child(consumer[1]).exited_with(0) && ok;
    BOOST_TEST(ok, "iteration " << it << ": a contender failed or hung (see stderr) after a "
                                 << (kill_consumer ? "consumer" : "producer") << " kill at " << k << "; "
                                 << q.size() << " items left");
    BOOST_TEST(probed, "iteration " << it << ": the segment cannot allocate after the kill");

    // Count each producer's items: exactly once each, but for what the kill allows.
    const std::uint32_t victim_items = kill_consumer ? items : b->completed.load();
    std::vector<int> times[2] = {std::vector<int>(4 * items + 1, 0), std::vector<int>(items, 0)};
    int foreign = 0;
    for (const chaos_receipts<T>& r : b->got)
        for (std::uint32_t i = 0; i < r.count.load(); ++i) {
            const std::uint64_t p = r.ids[i] >> 32, seq = r.ids[i] & 0xffffffffu;
            if (p < 2 && seq < times[p].size())
                ++times[p][seq];
            else
                ++foreign;
        }
    int missing = 0, duplicated = 0, extra = 0;
    for (std::uint64_t p = 0; p < 2; ++p) {
        const std::uint32_t expected = p == 0 ? victim_items : items;
        for (std::uint32_t seq = 0; seq < times[p].size(); ++seq) {
            duplicated += times[p][seq] > 1;
            if (seq < expected)
                missing += times[p][seq] == 0;
            else
                extra += times[p][seq] != 0 && !(p == 0 && !kill_consumer && seq == expected);
        }
    }
    lost += missing;
    BOOST_TEST(b->failures.load() == 0, "iteration " << it);
    BOOST_TEST(foreign == 0, "iteration " << it);
    BOOST_TEST(extra == 0, "iteration " << it << ": items that were never put arrived");
    BOOST_TEST(duplicated == 0, "iteration " << it << ": items delivered twice");
    BOOST_TEST(missing <= (kill_consumer ? 1 : 0), "iteration " << it << ": " << missing << " items lost");
    BOOST_TEST(q.empty(), "iteration " << it);
    return ok && probed && b->failures.load() == 0 && foreign == 0 && extra == 0 && duplicated == 0 &&
           missing <= (kill_consumer ? 1 : 0) && q.empty();
}

} // namespace

// A scenario: the item type and the queue's maxsize (0: unbounded).
template <class T, std::ptrdiff_t Maxsize>
struct scenario
{
    using type = T;
    static constexpr std::ptrdiff_t maxsize = Maxsize;
};

using scenarios = std::tuple<scenario<std::int64_t, 0>, scenario<std::string, 0>, scenario<std::int64_t, bound>,
                             scenario<std::string, bound>>;

BOOST_AUTO_TEST_CASE_TEMPLATE(kills_of_producers_and_consumers_never_poison_a_queue, S, scenarios)
{
    using T = typename S::type;
    const unsigned seed = chaos::seed();
    std::mt19937 rng(seed);
    const int iterations = chaos::iterations();
    item_queue<T> q(S::maxsize);
    const std::size_t free_before = ftd::shared_segment::instance().free_memory();
    int lost = 0, consumer_kills = 0;
    {
        chaos::watchdog dog(seed, 60s);
        for (int it = 0; it < iterations; ++it) {
            dog.start(it);
            const bool kill_consumer = rng() % 2 == 0;
            consumer_kills += kill_consumer;
            if (!one_kill<T>(q, kill_consumer, it, rng, lost))
                break;
        }
    }
    BOOST_TEST_MESSAGE("maxsize " << S::maxsize << ": " << consumer_kills << " consumer kills (lost " << lost
                                  << " items), " << iterations - consumer_kills << " producer kills");
    q.put(crash_item<T>::make(1, 7));
    BOOST_TEST((q.get_for(1s) == std::optional<T>(crash_item<T>::make(1, 7))));
    BOOST_TEST(!ftd::shared_segment::instance().poisoned());
    // Each kill leaks at most the chunk its victim held.
    const std::size_t free_after = ftd::shared_segment::instance().free_memory();
    BOOST_TEST_MESSAGE("the kills leaked " << (free_before - std::min(free_before, free_after)) / 1024 << " KiB");
    BOOST_TEST(free_before - std::min(free_before, free_after) <=
               std::size_t(iterations) * 2 * ftd::chunk_arena::granule);
    BOOST_TEST(freethreading_test::count_children() == 0);
}
