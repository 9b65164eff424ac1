//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// 2 producers and 2 consumers sharing one queue<T>, over its three
// spellings (forked processes where the state is shared, threads otherwise),
// through each kind of ring: an unbounded queue of raw integers (the record
// ring, bytes), a bounded one (the lock-free slot ring) and a bounded queue
// of strings (the record ring, codec records). The bounds are tiny, so the
// producers keep waiting for room and the consumers for items, and the
// consumers contend for every record. Every item arrives exactly once (a bit
// per item, count, sum and xor), each consumer sees each producer's items in
// the order they were put, and the queue ends empty.

#include <freethreading/queue.hpp>

#include <freethreading_test/contenders.hpp>

#include "queue_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

namespace ft = freethreading;

using queue_spellings = std::tuple<ft::threading::queue<int>, ft::multiprocessing::queue<int>, ft::queue<int>>;

namespace {

using namespace std::chrono_literals;

using queue_test::expect;
using queue_test::is_shared;
using queue_test::with_item;

constexpr int producers = 2;
constexpr int consumers = 2;
constexpr std::uint64_t max_per_producer = 250'000;
constexpr std::uint64_t end_marker = ~std::uint64_t(0);

std::uint64_t item_of(std::uint64_t producer, std::uint64_t seq)
{
    return producer << 32 | seq;
}

/** Items as integers, or as strings of 20 to 83 characters that spell one. */
template <class T>
struct items;

template <>
struct items<std::uint64_t>
{
    static std::uint64_t make(std::uint64_t v) { return v; }
    static std::uint64_t value(std::uint64_t v) { return v; }
};

template <>
struct items<std::string>
{
    static std::string make(std::uint64_t v) { return std::to_string(v) + std::string(v % 64, '.'); }
    static std::uint64_t value(const std::string& s)
    {
        const std::uint64_t v = std::stoull(s);
        return s == make(v) ? v : end_marker - 1; // a torn or corrupted item is no item
    }
};

struct tally
{
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum{0};
    std::atomic<std::uint64_t> xor_all{0};
};

struct delivery
{
    tally per_consumer[consumers];
    // One bit per item, set by the consumer that got it: a second delivery
    // finds it set, whichever consumer made it.
    std::array<std::atomic<std::uint64_t>, (producers * max_per_producer + 63) / 64> seen{};
    std::atomic<std::uint64_t> duplicates{0};
};

template <class Q, class T>
void check_many_to_many(std::ptrdiff_t maxsize, std::uint64_t per_producer)
{
    using item = items<T>;
    with_item<Q, T> q(maxsize);
    freethreading_test::shared_page<delivery> d;
    const bool ok = freethreading_test::run_contenders(is_shared(q), producers + consumers, [&](int i) {
        if (i < producers) {
            for (std::uint64_t seq = 0; seq < per_producer; ++seq)
                q.put(item::make(item_of(static_cast<std::uint64_t>(i), seq)));
            q.put(item::make(end_marker)); // one per producer, so one per consumer
            return true;
        }
        std::int64_t last[producers] = {-1, -1};
        std::uint64_t count = 0, sum = 0, xor_all = 0;
        for (;;) {
            const std::optional<T> got = q.get_for(30s);
            if (!expect(got.has_value(), "consumer timed out after " + std::to_string(count) + " items"))
                return false;
            const std::uint64_t v = item::value(*got);
            if (v == end_marker)
                break;
            const std::uint64_t p = v >> 32;
            const std::uint64_t seq = v & 0xffffffffu;
            if (!expect(p < producers && seq < per_producer, "not an item: " + std::to_string(v)))
                return false;
            if (!expect(static_cast<std::int64_t>(seq) > last[p],
                        "producer " + std::to_string(p) + ": " + std::to_string(seq) + " after " +
                            std::to_string(last[p])))
                return false;
            last[p] = static_cast<std::int64_t>(seq);
            const std::uint64_t index = p * per_producer + seq;
            const std::uint64_t bit = std::uint64_t(1) << (index % 64);
            if ((d->seen[index / 64].fetch_or(bit) & bit) != 0)
                d->duplicates.fetch_add(1);
            ++count;
            sum += v;
            xor_all ^= v;
        }
        tally& mine = d->per_consumer[i - producers];
        mine.count = count;
        mine.sum = sum;
        mine.xor_all = xor_all;
        return true;
    });
    BOOST_TEST(ok);

    std::uint64_t want_sum = 0, want_xor = 0;
    for (std::uint64_t p = 0; p < producers; ++p)
        for (std::uint64_t seq = 0; seq < per_producer; ++seq) {
            want_sum += item_of(p, seq);
            want_xor ^= item_of(p, seq);
        }
    std::uint64_t count = 0, sum = 0, xor_all = 0;
    for (const tally& t : d->per_consumer) {
        count += t.count;
        sum += t.sum;
        xor_all ^= t.xor_all;
    }
    BOOST_TEST(count == producers * per_producer);
    BOOST_TEST(sum == want_sum);
    BOOST_TEST(xor_all == want_xor);
    BOOST_TEST(d->duplicates.load() == 0u);
    std::uint64_t delivered = 0;
    for (const auto& w : d->seen)
        delivered += static_cast<std::uint64_t>(std::popcount(w.load()));
    BOOST_TEST(delivered == producers * per_producer); // every item reached some consumer
    BOOST_TEST(q.empty());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(raw_items_unbounded_each_once_in_order, Q, queue_spellings)
{
    check_many_to_many<Q, std::uint64_t>(0, max_per_producer);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(raw_items_in_three_slots_each_once_in_order, Q, queue_spellings)
{
    check_many_to_many<Q, std::uint64_t>(3, 100'000);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(strings_bounded_by_three_each_once_in_order, Q, queue_spellings)
{
    check_many_to_many<Q, std::string>(3, 50'000);
}
