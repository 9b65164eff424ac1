//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The record ring takes its memory as a parameter (DESIGN §2, §6): here it
// runs inside a caller's arena — a block of the segment with a chunk arena
// placed in it, as a pool gives each worker — with its producer in a forked
// child and its consumer in the parent. Records of every size, large ones
// included, cross whole and in order, every chunk comes from that arena and
// none from the segment's own, and destroying the ring gives the arena all of
// it back.

#include <freethreading/core/detail/ring/record_ring.hpp>
#include <freethreading/core/ipc/chunk_arena.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>

namespace ftd = freethreading::detail;

namespace {

constexpr int records = 3000;

// Record i: its size (large every 500th, so chunks of several classes are
// made), then bytes that depend on i and their position.
std::size_t size_of_record(int i)
{
    return i % 500 == 499 ? 300'000 + std::size_t(i) : 8 + std::size_t(i % 97) * 13;
}

unsigned char byte_of(int i, std::size_t at)
{
    return static_cast<unsigned char>(i * 31 + at * 7 + (at >> 9));
}

ftd::steady_time within(std::chrono::seconds s)
{
    return std::chrono::steady_clock::now() + s;
}

bool produce(ftd::ring_state& r)
{
    for (int i = 0; i < records; ++i) {
        ftd::ring_record out;
        const std::size_t n = size_of_record(i);
        if (ftd::ring_begin_put(r, n, 8, within(std::chrono::seconds(10)), out) != ftd::ring_status::ready)
            return false;
        for (std::size_t at = 0; at < n; ++at)
            reinterpret_cast<unsigned char*>(out.payload)[at] = byte_of(i, at);
        ftd::ring_commit_put(r);
    }
    return true;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_ring_in_a_callers_arena_crosses_a_fork)
{
    ftd::shared_segment& segment = ftd::shared_segment::instance();
    constexpr std::size_t block_bytes = std::size_t(16) << 20;
    void* block = segment.allocate(block_bytes, 64);
    ftd::chunk_arena* arena = ftd::chunk_arena::create_in(block, block_bytes);
    BOOST_TEST_REQUIRE(arena != nullptr);
    const std::size_t segment_arena_before = segment.arena().available();

    auto* r = ::new (segment.allocate(sizeof(ftd::ring_state), alignof(ftd::ring_state))) ftd::ring_state;
    ftd::ring_init(*r, 0, ftd::arena_ring_memory(*arena));
    BOOST_TEST(r->shared);
    BOOST_TEST(arena->available() < arena->capacity()); // the first chunk

    const pid_t producer = freethreading_test::start_child([r] { return produce(*r); });
    int whole = 0;
    std::size_t fewest_available = arena->capacity();
    for (int i = 0; i < records; ++i) {
        ftd::ring_record in;
        if (ftd::ring_begin_get(*r, within(std::chrono::seconds(10)), in) != ftd::ring_status::ready)
            break;
        bool ok = in.size == size_of_record(i);
        for (std::size_t at = 0; ok && at < in.size; ++at)
            ok = reinterpret_cast<const unsigned char*>(in.payload)[at] == byte_of(i, at);
        whole += ok;
        ftd::ring_commit_get(*r);
        fewest_available = std::min(fewest_available, arena->available());
    }
    BOOST_TEST(freethreading_test::wait_child(producer).exited_with(0));
    BOOST_TEST(whole == records);
    BOOST_TEST(ftd::ring_size(*r) == 0u);
    // Large records took chunks larger than the smallest: from this arena.
    BOOST_TEST(arena->capacity() - fewest_available >= std::size_t(512) << 10);
    BOOST_TEST(segment.arena().available() == segment_arena_before);

    ftd::ring_destroy(*r);
    BOOST_TEST(arena->available() == arena->capacity());
    r->~ring_state();
    segment.deallocate(r, sizeof(ftd::ring_state));
    arena->~chunk_arena();
    segment.deallocate(block, block_bytes);
}
