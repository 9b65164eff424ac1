//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Crash consistency of multiprocessing::queue (DESIGN §6): a consumer or a
// producer process SIGKILLed at a random moment of its get or put loop. The
// others must not hang, and every item must arrive once, whole:
// - a consumer publishes a get with one store after it has copied the record
//   out, so a consumer killed before that store leaves the record queued (the
//   next consumer gets it), and one killed after it has taken it for good.
//   The victim writes down each item it got, so at most one item, the one it
//   had taken and not yet written down, is missing, and none is duplicated;
// - a producer publishes a put with one store after the record is written, so
//   a producer killed inside put leaves its item fully queued or not at all:
//   its items arrive as 0, 1, ..., m-1, m being the puts it saw return, or one
//   more.
// One queue serves every iteration: it must stay consistent through 100 kills.

#include <freethreading/queue.hpp>

#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <random>
#include <signal.h>
#include <string>
#include <thread>
#include <vector>
#include <unistd.h>

namespace ft = freethreading;

namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;
using item_queue = ft::multiprocessing::queue<std::string>;

constexpr int iterations = 100;
constexpr std::uint32_t per_producer = 150;
constexpr std::uint32_t victim_cap = 8 * per_producer; // a victim producer never gets further
constexpr int bound = 16;       // keeps producers within one chunk of consumers
constexpr auto patience = 10s;  // a timed wait this long means a hang

// Items: the id (producer << 32 | seq) in the first 8 bytes, then a body
// whose length and fill depend on the id, so a torn record cannot pass.
std::size_t body_length(std::uint64_t p, std::uint64_t seq)
{
    return 16 + (seq * 37 + p * 11) % 700;
}

char body_fill(std::uint64_t p, std::uint64_t seq)
{
    return static_cast<char>('a' + (seq + p * 7) % 26);
}

std::string make_item(std::uint64_t p, std::uint64_t seq)
{
    std::string s(8 + body_length(p, seq), body_fill(p, seq));
    const std::uint64_t id = p << 32 | seq;
    std::memcpy(s.data(), &id, sizeof id);
    return s;
}

// The id in an item's first bytes (what a consumer writes down first).
std::uint64_t id_of(const std::string& s)
{
    std::uint64_t id = ~std::uint64_t(0);
    if (s.size() >= sizeof id)
        std::memcpy(&id, s.data(), sizeof id);
    return id;
}

// True for a whole item, as make_item made it.
bool well_formed(const std::string& s)
{
    const std::uint64_t id = id_of(s);
    const std::uint64_t p = id >> 32, seq = id & 0xffffffffu;
    return p <= 1 && seq < victim_cap && s.size() == 8 + body_length(p, seq) &&
           s.find_first_not_of(body_fill(p, seq), 8) == std::string::npos;
}

/** What a consumer got, in order; `count` is stored after the entry. */
struct receipts
{
    std::atomic<std::uint32_t> count{0};
    std::uint64_t ids[per_producer + victim_cap];
};

struct board
{
    receipts victim;
    receipts survivor;
    std::atomic<std::uint32_t> completed{0}; // puts the victim producer saw return
    std::atomic<int> producers_done{0};
};

bool expect(bool ok, const char* what)
{
    if (!ok)
        std::fprintf(stderr, "[pid %d] %s\n", int(::getpid()), what);
    return ok;
}

// Gets items until the end marker (an empty string), writing each down at
// once (so the window in which a killed victim loses an item is short), then
// checking it. A victim never sees the marker: it is killed first.
bool consume(item_queue& q, receipts& r)
{
    std::int64_t last[2] = {-1, -1};
    for (;;) {
        const std::optional<std::string> v = q.get_for(patience);
        if (!expect(v.has_value(), "a consumer timed out: the queue hangs"))
            return false;
        if (v->empty())
            return true;
        const std::uint32_t n = r.count.load(std::memory_order_relaxed);
        r.ids[n] = id_of(*v);
        r.count.store(n + 1, std::memory_order_release);
        if (!expect(well_formed(*v), "a consumer got a torn or malformed item"))
            return false;
        const std::uint64_t p = r.ids[n] >> 32;
        const auto seq = static_cast<std::int64_t>(r.ids[n] & 0xffffffffu);
        if (!expect(seq > last[p], "a consumer got a producer's items out of order"))
            return false;
        last[p] = seq;
    }
}

bool produce(item_queue& q, std::uint64_t p, std::uint32_t items, std::atomic<std::uint32_t>* completed)
{
    for (std::uint32_t seq = 0; seq < items; ++seq) {
        if (!expect(q.put_for(make_item(p, seq), patience), "a producer timed out: the queue hangs"))
            return false;
        if (completed != nullptr)
            completed->store(seq + 1, std::memory_order_release);
    }
    return true;
}

// Waits until `ready()` or `patience` has passed, then a further random few
// microseconds, so the kill lands anywhere in the victim's loop.
template <class F>
void wait_for_moment(F ready, std::mt19937& rng)
{
    const auto limit = steady_clock::now() + patience;
    while (!ready() && steady_clock::now() < limit)
        std::this_thread::yield();
    const auto extra = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 40)(rng));
    const auto until = steady_clock::now() + extra;
    while (steady_clock::now() < until) {
    }
}

// Moves enough data through `q` that its chunks are in their steady rotation
// (the producer reuses the chunk the consumer left), so a killed victim is
// never inside the segment allocator.
void warm_up(item_queue& q)
{
    for (std::uint32_t seq = 0; seq < 400; ++seq) {
        q.put(make_item(0, seq % per_producer));
        (void)q.get();
    }
}

unsigned seed()
{
    const unsigned s = std::random_device()();
    BOOST_TEST_MESSAGE("random seed " << s);
    return s;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_killed_consumer_loses_at_most_the_item_it_had_taken)
{
    std::mt19937 rng(seed());
    item_queue q(bound);
    warm_up(q);
    int lost = 0;
    for (int it = 0; it < iterations; ++it) {
        freethreading_test::shared_page<board> b;
        const pid_t victim = freethreading_test::start_child([&] { return consume(q, b->victim); });
        // In even iterations the survivor competes with the victim for the
        // consumer lock when the victim dies; in odd ones it starts after the
        // kill, so the victim, alone, spends more of its time inside get.
        const auto start_survivor = [&] {
            return freethreading_test::start_child([&] { return consume(q, b->survivor); });
        };
        pid_t survivor = it % 2 == 0 ? start_survivor() : 0;
        pid_t producer[2];
        for (std::uint64_t p = 0; p < 2; ++p)
            producer[p] = freethreading_test::start_child([&, p] {
                const bool ok = produce(q, p, per_producer, nullptr);
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
        q.put(std::string()); // the end marker, for the survivor only
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
    q.put(make_item(1, 7));
    BOOST_TEST((q.get_for(1s) == std::optional<std::string>(make_item(1, 7))));
    BOOST_TEST(!ft::detail::shared_segment::instance().poisoned());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

BOOST_AUTO_TEST_CASE(a_killed_producer_leaves_its_item_whole_or_not_at_all)
{
    std::mt19937 rng(seed());
    item_queue q(bound);
    warm_up(q);
    int partial = 0;
    for (int it = 0; it < iterations; ++it) {
        freethreading_test::shared_page<board> b;
        const pid_t victim = freethreading_test::start_child([&] {
            (void)produce(q, 0, victim_cap, &b->completed);
            for (;;) // never reached in practice; wait for the kill
                ::pause();
            return false;
        });
        // As above: the surviving producer competes for the producer lock in
        // even iterations and starts after the kill in odd ones.
        const auto start_producer = [&] {
            return freethreading_test::start_child([&] { return produce(q, 1, per_producer, nullptr); });
        };
        pid_t producer = it % 2 == 0 ? start_producer() : 0;
        const pid_t consumer = freethreading_test::start_child([&] { return consume(q, b->survivor); });
        const auto k = std::uniform_int_distribution<std::uint32_t>(0, per_producer)(rng);
        wait_for_moment([&] { return b->completed.load() >= k; }, rng);
        ::kill(victim, SIGKILL);
        const freethreading_test::child_status v = freethreading_test::wait_child(victim);
        bool ok = v.signal == SIGKILL;
        if (producer == 0)
            producer = start_producer();
        ok = freethreading_test::wait_child(producer).exited_with(0) && ok;
        q.put(std::string());
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
    q.put(make_item(1, 9));
    BOOST_TEST((q.get_for(1s) == std::optional<std::string>(make_item(1, 9))));
    BOOST_TEST(!ft::detail::shared_segment::instance().poisoned());
    BOOST_TEST(freethreading_test::count_children() == 0);
}
