//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The crash-safe chunk arena (DESIGN §6 "Crash consistency"): size classes,
// reuse, splitting, exhaustion, its accounting, and the promise that a
// process SIGKILLed at any instruction of allocate or deallocate leaks at
// most the chunks it held and never leaves the arena unusable: 200 seeded
// random kills of processes that allocate and free chunks of every class,
// each followed by a check that the arena still gives chunks, and at the
// end, that no chunk was handed out twice and what the kills lost is within
// the bound.

#include <freethreading/core/ipc/chunk_arena.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <set>
#include <thread>
#include <utility>
#include <vector>

namespace ftd = freethreading::detail;

namespace {

constexpr std::size_t granule = ftd::chunk_arena::granule;

/** An arena over a block of the segment, given back at the end. */
struct arena_block
{
    explicit arena_block(std::size_t bytes)
        : segment(ftd::shared_segment::instance()), bytes(bytes), block(segment.allocate(bytes, 64)),
          arena(ftd::chunk_arena::create_in(block, bytes))
    {
        BOOST_TEST_REQUIRE(arena != nullptr);
    }
    arena_block(const arena_block&) = delete;
    arena_block& operator=(const arena_block&) = delete;
    ~arena_block()
    {
        arena->~chunk_arena();
        segment.deallocate(block, bytes);
    }

    ftd::shared_segment& segment;
    std::size_t bytes;
    void* block;
    ftd::chunk_arena* arena;
};

} // namespace

BOOST_AUTO_TEST_CASE(classes_are_powers_of_two_granules)
{
    BOOST_TEST(ftd::chunk_arena::class_for(0) == 0u);
    BOOST_TEST(ftd::chunk_arena::class_for(1) == 0u);
    BOOST_TEST(ftd::chunk_arena::class_for(granule) == 0u);
    BOOST_TEST(ftd::chunk_arena::class_for(granule + 1) == 1u);
    BOOST_TEST(ftd::chunk_arena::class_for(2 * granule) == 1u);
    BOOST_TEST(ftd::chunk_arena::class_for(3 * granule) == 2u);
    BOOST_TEST(ftd::chunk_arena::class_for(std::size_t(1) << 30) == 14u);
    BOOST_TEST(ftd::chunk_arena::class_for(~std::size_t(0)) == ftd::chunk_arena::classes);
}

BOOST_AUTO_TEST_CASE(chunks_are_page_aligned_disjoint_and_reused)
{
    arena_block b(64 * granule);
    ftd::chunk_arena& a = *b.arena;
    BOOST_TEST(a.capacity() == 63 * granule); // the first page(s) hold the arena and its map
    BOOST_TEST(a.available() == a.capacity());
    void* x = a.allocate(100);
    void* y = a.allocate(granule + 1);
    BOOST_TEST_REQUIRE((x != nullptr && y != nullptr));
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(x) % 4096 == 0u);
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(y) % 4096 == 0u);
    BOOST_TEST(a.size_of(x) == granule);
    BOOST_TEST(a.size_of(y) == 2 * granule);
    BOOST_TEST((a.contains(x) && a.contains(static_cast<char*>(y) + 2 * granule - 1)));
    BOOST_TEST(!a.contains(b.block));
    std::memset(x, 1, granule);
    std::memset(y, 2, 2 * granule);
    BOOST_TEST(static_cast<unsigned char*>(x)[granule - 1] == 1);
    BOOST_TEST(a.available() == a.capacity() - 3 * granule);
    a.deallocate(x);
    BOOST_TEST(a.allocate(granule) == x); // the class's list first
    a.deallocate(x);
    a.deallocate(y);
    BOOST_TEST(a.available() == a.capacity());
}

BOOST_AUTO_TEST_CASE(exhaustion_returns_null_and_larger_free_chunks_are_split)
{
    arena_block b(17 * granule);
    ftd::chunk_arena& a = *b.arena;
    BOOST_TEST_REQUIRE(a.capacity() == 16 * granule);
    BOOST_TEST(a.largest() == 16 * granule);
    void* big = a.allocate(16 * granule);
    BOOST_TEST_REQUIRE(big != nullptr);
    BOOST_TEST(a.allocate(1) == nullptr);
    BOOST_TEST(a.largest() == 0u);
    BOOST_TEST(a.available() == 0u);
    a.deallocate(big);
    BOOST_TEST(a.largest() == 16 * granule);
    // Sixteen single granules, all from the one big chunk, all distinct.
    std::set<void*> small;
    for (int i = 0; i < 16; ++i) {
        void* p = a.allocate(granule);
        BOOST_TEST_REQUIRE(p != nullptr);
        BOOST_TEST((p >= big && static_cast<char*>(p) < static_cast<char*>(big) + 16 * granule));
        small.insert(p);
    }
    BOOST_TEST(small.size() == 16u);
    BOOST_TEST(a.allocate(1) == nullptr);
    for (void* p : small)
        a.deallocate(p);
    BOOST_TEST(a.available() == a.capacity());
    BOOST_TEST(a.largest() == granule); // never merged again
    BOOST_TEST(a.allocate(2 * granule) == nullptr);
}

BOOST_AUTO_TEST_CASE(chunks_given_back_in_a_child_serve_the_parent)
{
    arena_block b(9 * granule);
    ftd::chunk_arena& a = *b.arena;
    std::vector<void*> all;
    while (void* p = a.allocate(granule))
        all.push_back(p);
    BOOST_TEST_REQUIRE(all.size() == 8u);
    const auto s = freethreading_test::run_in_child([&] {
        for (void* p : all)
            a.deallocate(p);
        return true;
    });
    BOOST_TEST(s.exited_with(0));
    BOOST_TEST(a.available() == a.capacity());
    std::set<void*> again;
    while (void* p = a.allocate(granule))
        again.insert(p);
    BOOST_TEST(again == std::set<void*>(all.begin(), all.end()));
    for (void* p : again)
        a.deallocate(p);
}

namespace {

// What the contenders hold, so the parent can tell held chunks from leaked
// ones after a kill: each slot is written after the chunk is taken and
// cleared before it is given back (a kill between the two leaves one chunk
// unaccounted for, which is the loss the test allows).
struct holdings
{
    static constexpr int slots = 8;
    std::atomic<std::uintptr_t> held[2][slots] = {};
    std::atomic<std::uint64_t> rounds[2] = {};
    std::atomic<int> overwritten{0}; // a held chunk's stamp changed: it was handed out twice
};

bool stamped(const void* chunk, int who)
{
    const auto* bytes = static_cast<const unsigned char*>(chunk);
    return std::all_of(bytes, bytes + 64, [who](unsigned char c) { return c == 0x40 + who; });
}

// Takes and gives back chunks of random classes (0..3) forever, each chunk
// stamped with its owner so that a chunk handed out twice shows.
[[noreturn]] void churn(ftd::chunk_arena& a, holdings& h, int who, unsigned seed)
{
    std::mt19937 rng(seed);
    for (;;) {
        const int slot = static_cast<int>(rng() % holdings::slots);
        if (const std::uintptr_t p = h.held[who][slot].load(std::memory_order_relaxed); p != 0) {
            if (!stamped(reinterpret_cast<void*>(p), who))
                h.overwritten.fetch_add(1);
            h.held[who][slot].store(0, std::memory_order_relaxed);
            a.deallocate(reinterpret_cast<void*>(p));
        } else if (void* q = a.allocate((std::size_t(1) << (rng() % 4)) * granule)) {
            std::memset(q, 0x40 + who, 64);
            h.held[who][slot].store(reinterpret_cast<std::uintptr_t>(q), std::memory_order_relaxed);
        }
        h.rounds[who].fetch_add(1, std::memory_order_relaxed);
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(kills_at_random_leak_at_most_what_the_victim_held)
{
    constexpr int iterations = 200;
    // Room for what 201 kills may leak (a victim killed while it gives a
    // chunk's pages back, the longest step, loses that chunk) and for what
    // the two contenders hold; only the pages they touch are memory.
    constexpr std::size_t region = 2048 * granule;
    arena_block b(region + granule);
    ftd::chunk_arena& a = *b.arena;
    freethreading_test::shared_page<holdings> h;
    const unsigned seed = std::random_device()();
    BOOST_TEST_MESSAGE("random seed " << seed);
    std::mt19937 rng(seed);
    // The survivor churns throughout; a victim is started and killed at a
    // random moment, 200 times.
    const pid_t survivor = freethreading_test::start_child([&]() -> bool { churn(a, *h, 1, seed + 1); });
    std::size_t leaked_bound = 0;
    for (int it = 0; it < iterations; ++it) {
        const pid_t victim = freethreading_test::start_child([&, it]() -> bool { churn(a, *h, 0, seed + 2 + it); });
        const std::uint64_t start = h->rounds[0].load();
        const auto wait = std::chrono::microseconds(std::uniform_int_distribution<int>(50, 1500)(rng));
        const auto until = std::chrono::steady_clock::now() + wait;
        while (std::chrono::steady_clock::now() < until || h->rounds[0].load() == start)
            std::this_thread::yield();
        ::kill(victim, SIGKILL);
        BOOST_TEST_REQUIRE(freethreading_test::wait_child(victim).signal == SIGKILL);
        // The chunks the victim held are the parent's to give back now; the
        // one it was taking or giving back, if any, is lost (at most 8
        // granules, a class-3 chunk, or the pieces of one split).
        for (auto& slot : h->held[0])
            if (const std::uintptr_t p = slot.exchange(0)) {
                BOOST_TEST(stamped(reinterpret_cast<void*>(p), 0));
                a.deallocate(reinterpret_cast<void*>(p));
            }
        leaked_bound += 8 * granule;
        void* probe = a.allocate(granule);
        BOOST_TEST(probe != nullptr, "iteration " << it << ": the arena gives no chunk after a kill");
        a.deallocate(probe);
    }
    ::kill(survivor, SIGKILL);
    BOOST_TEST(freethreading_test::wait_child(survivor).signal == SIGKILL);
    for (int who = 0; who < 2; ++who)
        for (auto& slot : h->held[who])
            if (const std::uintptr_t p = slot.exchange(0)) {
                BOOST_TEST(stamped(reinterpret_cast<void*>(p), who));
                a.deallocate(reinterpret_cast<void*>(p));
            }
    BOOST_TEST(h->overwritten.load() == 0, "a chunk held by one process was handed to another");
    leaked_bound += 8 * granule;

    // Drain the arena granule by granule: no chunk twice, and all of it but
    // what the kills may have lost.
    std::set<void*> got;
    while (void* p = a.allocate(granule)) {
        BOOST_TEST_REQUIRE(got.insert(p).second, "a chunk was handed out twice");
    }
    const std::size_t lost = a.capacity() - got.size() * granule;
    BOOST_TEST_MESSAGE("kills lost " << lost / granule << " granules of " << a.capacity() / granule);
    BOOST_TEST(lost <= std::min(leaked_bound, a.capacity()));
    for (void* p : got)
        a.deallocate(p);
}

BOOST_AUTO_TEST_CASE(the_segment_serves_large_blocks_from_its_arena)
{
    ftd::shared_segment& s = ftd::shared_segment::instance();
    ftd::chunk_arena& a = s.arena();
    BOOST_TEST(a.capacity() >= s.size() / 2);
    const std::size_t before = s.free_memory();
    void* big = s.allocate(4 * 1024 * 1024);
    BOOST_TEST(a.contains(big));
    BOOST_TEST(s.free_memory() == before - 4 * 1024 * 1024);
    const auto child = freethreading_test::run_in_child([&] {
        s.deallocate(big); // lock-free, from another process
        return true;
    });
    BOOST_TEST(child.exited_with(0));
    BOOST_TEST(s.free_memory() == before);
}
