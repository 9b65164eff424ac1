//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_TEST_QUEUE_CRASH_SUPPORT_HPP
#define FREETHREADING_QUEUE_TEST_QUEUE_CRASH_SUPPORT_HPP

// The contenders of queue_crash_test.cpp, written once over the item type:
// producers and consumers of a multiprocessing::queue<T>, each item carrying
// its producer and sequence number and a check that a torn item cannot pass.
// `crash_item<T>` says how for each T: std::string goes through the codec
// into the byte ring, std::int64_t is stored as its raw bytes.

#include <freethreading/queue.hpp>

#include <freethreading/core/codec.hpp>
#include <freethreading/core/detail/ring/record_ring.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <unistd.h>

namespace queue_crash {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

template <class T>
using item_queue = freethreading::multiprocessing::queue<T>;

constexpr std::uint32_t per_producer = 150;
constexpr std::uint32_t victim_cap = 8 * per_producer; // a victim producer never gets further
constexpr int bound = 16; // strings: producers stay within one chunk of consumers; raw items: slots
constexpr auto patience = 10s;                         // a timed wait this long means a hang

/** How items of type T are made and checked. An item's id is
    producer << 32 | seq; producers are 0 and 1. */
template <class T>
struct crash_item;

// The id in the first 8 bytes, then a body whose length and fill depend on
// the id, so a torn record cannot pass.
template <>
struct crash_item<std::string>
{
    static constexpr std::uint32_t warm_up_items = 400; // about 2.5 chunks of records

    static std::size_t body_length(std::uint64_t p, std::uint64_t seq) { return 16 + (seq * 37 + p * 11) % 700; }
    static char body_fill(std::uint64_t p, std::uint64_t seq) { return static_cast<char>('a' + (seq + p * 7) % 26); }

    static std::string make(std::uint64_t p, std::uint64_t seq)
    {
        std::string s(8 + body_length(p, seq), body_fill(p, seq));
        const std::uint64_t id = p << 32 | seq;
        std::memcpy(s.data(), &id, sizeof id);
        return s;
    }

    static std::uint64_t id_of(const std::string& s)
    {
        std::uint64_t id = ~std::uint64_t(0);
        if (s.size() >= sizeof id)
            std::memcpy(&id, s.data(), sizeof id);
        return id;
    }

    static bool well_formed(const std::string& s)
    {
        const std::uint64_t id = id_of(s);
        const std::uint64_t p = id >> 32, seq = id & 0xffffffffu;
        return p <= 1 && seq < victim_cap && s.size() == 8 + body_length(p, seq) &&
               s.find_first_not_of(body_fill(p, seq), 8) == std::string::npos;
    }

    static std::string end_marker() { return std::string(); }
    static bool is_end(const std::string& s) { return s.empty(); }
};

// The id in the low 40 bits, a 16-bit hash of it in the top 16 and zeros
// between: a value made of two half-written items fails the check.
template <>
struct crash_item<std::int64_t>
{
    static_assert(freethreading::detail::is_raw<std::int64_t>(), "the raw path: stored as its bytes");

    // A few laps of the bounded queue's slots.
    static constexpr std::uint32_t warm_up_items = 4 * bound;

    static std::uint64_t check(std::uint64_t id) { return (id * 0x9e3779b97f4a7c15u) >> 48; }

    static std::int64_t make(std::uint64_t p, std::uint64_t seq)
    {
        const std::uint64_t id = p << 32 | seq;
        return static_cast<std::int64_t>(check(id) << 48 | id);
    }

    static std::uint64_t id_of(std::int64_t v) { return static_cast<std::uint64_t>(v) & 0xffffffffffu; }

    static bool well_formed(std::int64_t v)
    {
        const auto u = static_cast<std::uint64_t>(v);
        const std::uint64_t id = id_of(v);
        return (u >> 40 & 0xffu) == 0 && u >> 48 == check(id) && id >> 32 <= 1 && (id & 0xffffffffu) < victim_cap;
    }

    static std::int64_t end_marker() { return -1; }
    static bool is_end(std::int64_t v) { return v == -1; }
};

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

inline bool expect(bool ok, const char* what)
{
    if (!ok)
        std::fprintf(stderr, "[pid %d] %s\n", int(::getpid()), what);
    return ok;
}

// Gets items until the end marker, writing each down at once (so the window
// in which a killed victim loses an item is short), then checking it. A
// victim never sees the marker: it is killed first.
template <class T>
bool consume(item_queue<T>& q, receipts& r)
{
    using item = crash_item<T>;
    std::int64_t last[2] = {-1, -1};
    for (;;) {
        const std::optional<T> v = q.get_for(patience);
        if (!expect(v.has_value(), "a consumer timed out: the queue hangs"))
            return false;
        if (item::is_end(*v))
            return true;
        const std::uint32_t n = r.count.load(std::memory_order_relaxed);
        r.ids[n] = item::id_of(*v);
        r.count.store(n + 1, std::memory_order_release);
        if (!expect(item::well_formed(*v), "a consumer got a torn or malformed item"))
            return false;
        const std::uint64_t p = r.ids[n] >> 32;
        const auto seq = static_cast<std::int64_t>(r.ids[n] & 0xffffffffu);
        if (!expect(seq > last[p], "a consumer got a producer's items out of order"))
            return false;
        last[p] = seq;
    }
}

template <class T>
bool produce(item_queue<T>& q, std::uint64_t p, std::uint32_t items, std::atomic<std::uint32_t>* completed)
{
    for (std::uint32_t seq = 0; seq < items; ++seq) {
        if (!expect(q.put_for(crash_item<T>::make(p, seq), patience), "a producer timed out: the queue hangs"))
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
template <class T>
void warm_up(item_queue<T>& q)
{
    for (std::uint32_t seq = 0; seq < crash_item<T>::warm_up_items; ++seq) {
        q.put(crash_item<T>::make(0, seq % per_producer));
        (void)q.get();
    }
}

inline unsigned seed()
{
    const unsigned s = std::random_device()();
    BOOST_TEST_MESSAGE("random seed " << s);
    return s;
}

} // namespace queue_crash

#endif // FREETHREADING_QUEUE_TEST_QUEUE_CRASH_SUPPORT_HPP
