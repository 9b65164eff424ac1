//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The multiprocessing queue's record reader: the byte ring of
// length-prefixed records (core/detail/ring/record_ring.hpp) driven by a
// script the input spells, with the queue's own item code (shared_item: a
// std::string encoded into a record, decoded out of it). Against a model
// (a deque of what was put):
// - puts and gets, and puts and gets abandoned half-way, deliver every
//   record once, in order, with its bytes, on a bounded or unbounded ring,
//   with records from empty to several chunks long;
// - a try on a full or empty ring times out, and only then;
// - every record a consumer is handed lies inside a chunk of the ring.
// The last step may damage one 8-byte word of a chunk (a record's length
// prefix, a padding marker, a committed bit…), as a stray write into the
// shared segment would; the consumer's next read must then still stay
// inside the ring — hand over a record within its chunk, whose decoding
// throws decode_error or gives a value, or throw decode_error itself — never
// read out of bounds. A damaged ring is not used further.
//
// The ring's memory here is the process heap, where each chunk is its own
// allocation, so AddressSanitizer sees a read past a chunk; the queue's rings
// in the segment run the same code over the segment's chunk arena.

#include <freethreading/core/codec.hpp>
#include <freethreading/core/detail/ring/record_ring.hpp>
#include <freethreading/core/errors.hpp>
#include <freethreading/queue/detail/queue_item.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <optional>
#include <span>
#include <string>

namespace ft = freethreading;
namespace ftd = freethreading::detail;

namespace {

using item = ftd::shared_item<std::string>;

constexpr ftd::steady_time now_or_never = ftd::steady_time::min(); // a try: never waits

[[noreturn]] void fail(const char* what, std::size_t a = 0, std::size_t b = 0)
{
    std::fprintf(stderr, "record ring: %s (%zu, %zu)\n", what, a, b);
    std::abort();
}

std::string pattern(std::uint32_t seed, std::size_t length)
{
    std::string s(length, '\0');
    for (std::size_t i = 0; i < length; ++i)
        s[i] = static_cast<char>((seed * 131u + i * 7u) & 0xffu);
    return s;
}

struct record
{
    std::uint32_t seed;
    std::size_t length;
};

// Whether [p, p + n) lies inside one chunk of the ring.
bool inside_ring(const ftd::ring_state& r, const std::byte* p, std::size_t n)
{
    for (ftd::ring_chunk* c = r.consumer.chunk; c != nullptr; c = c->next.load()) {
        const std::byte* first = c->cell(0);
        const std::byte* last = c->cell(c->cells);
        if (p >= first && p <= last && n <= static_cast<std::size_t>(last - p))
            return true;
    }
    return false;
}

std::size_t choose_length(FuzzedDataProvider& in)
{
    const unsigned kind = in.ConsumeIntegralInRange<unsigned>(0, 15);
    if (kind < 12)
        return in.ConsumeIntegralInRange<std::size_t>(0, 64);
    if (kind < 15)
        return in.ConsumeIntegralInRange<std::size_t>(0, 4096);
    return in.ConsumeIntegralInRange<std::size_t>(0, 3 * std::size_t(ftd::ring_chunk_cells) * ftd::ring_cell);
}

class script
{
public:
    explicit script(FuzzedDataProvider& in) : in_(in)
    {
        capacity_ = in_.ConsumeIntegralInRange<std::uint32_t>(0, 6); // 0: unbounded
        ftd::ring_init(ring_, capacity_, ftd::ring_memory{});
    }
    script(const script&) = delete;
    script& operator=(const script&) = delete;

    ~script()
    {
        // Drop what is left: a string record owns nothing in the ring.
        ftd::ring_destroy(ring_);
    }

    void run()
    {
        for (int step = 0; step < 400 && in_.remaining_bytes() > 0; ++step) {
            switch (in_.ConsumeIntegralInRange<unsigned>(0, 6)) {
            case 0:
            case 1:
                put();
                break;
            case 2:
            case 3:
                get();
                break;
            case 4:
                abandoned_put();
                break;
            case 5:
                abandoned_get();
                break;
            default:
                damage_and_read();
                return;
            }
        }
    }

private:
    bool full() const { return capacity_ != 0 && model_.size() >= capacity_; }

    void put()
    {
        const record rec{next_seed_++, choose_length(in_)};
        const bool done = item::put(ring_, pattern(rec.seed, rec.length), now_or_never);
        if (done == full())
            fail("a try put on a ring that is (not) full", model_.size(), capacity_);
        if (done)
            model_.push_back(rec);
    }

    void get()
    {
        const std::optional<std::string> got = item::get(ring_, now_or_never);
        if (got.has_value() == model_.empty())
            fail("a try get on a ring that is (not) empty", model_.size());
        if (!got)
            return;
        const record expected = model_.front();
        model_.pop_front();
        if (*got != pattern(expected.seed, expected.length))
            fail("a record came back changed (seed, length)", expected.seed, expected.length);
    }

    void abandoned_put()
    {
        const std::size_t bytes = choose_length(in_);
        ftd::ring_record rec;
        const bool ready = ftd::ring_begin_put(ring_, bytes, in_.ConsumeBool() ? 8 : 16, now_or_never, rec) ==
                           ftd::ring_status::ready;
        if (ready == full())
            fail("an abandoned put on a ring that is (not) full", model_.size(), capacity_);
        if (!ready)
            return;
        if (rec.size != bytes || !inside_ring(ring_, rec.payload, rec.size))
            fail("a producer was given room outside the ring", bytes);
        for (std::size_t i = 0; i < bytes; ++i)
            rec.payload[i] = std::byte{0xee}; // written, then never published
        ftd::ring_abandon_put(ring_);
    }

    void abandoned_get()
    {
        ftd::ring_record rec;
        const bool ready = ftd::ring_begin_get(ring_, now_or_never, rec) == ftd::ring_status::ready;
        if (ready == model_.empty())
            fail("an abandoned get on a ring that is (not) empty", model_.size());
        if (!ready)
            return;
        const record expected = model_.front();
        if (!inside_ring(ring_, rec.payload, rec.size))
            fail("a consumer was handed a record outside the ring", rec.size);
        const std::string value = ftd::decode<std::string>(std::span<const std::byte>(rec.payload, rec.size));
        ftd::ring_abandon_get(ring_); // the record stays first in line
        if (value != pattern(expected.seed, expected.length))
            fail("a record read and left came back changed (seed, length)", expected.seed, expected.length);
    }

    void damage_and_read()
    {
        std::size_t chunks = 0;
        for (ftd::ring_chunk* c = ring_.consumer.chunk; c != nullptr; c = c->next.load())
            ++chunks;
        std::size_t pick = in_.ConsumeIntegralInRange<std::size_t>(0, chunks - 1);
        ftd::ring_chunk* c = ring_.consumer.chunk;
        while (pick-- > 0)
            c = c->next.load();
        const auto cell = in_.ConsumeIntegralInRange<std::uint32_t>(0, c->cells - 1);
        const auto mask = in_.ConsumeIntegral<std::uint64_t>();
        auto* word = reinterpret_cast<std::uint64_t*>(c->cell(cell) + (in_.ConsumeBool() ? 8 : 0));
        *word ^= mask;

        ftd::ring_record rec;
        try {
            if (ftd::ring_begin_get(ring_, now_or_never, rec) != ftd::ring_status::ready)
                return;
        } catch (const ft::decode_error&) {
            return; // the reader saw the damage
        }
        if (!inside_ring(ring_, rec.payload, rec.size))
            fail("after damage, a consumer was handed a record outside the ring", rec.size);
        try {
            (void)ftd::decode<std::string>(std::span<const std::byte>(rec.payload, rec.size));
        } catch (const ft::decode_error&) {
        }
        ftd::ring_abandon_get(ring_);
    }

    FuzzedDataProvider& in_;
    ftd::ring_state ring_;
    std::uint32_t capacity_ = 0;
    std::uint32_t next_seed_ = 1;
    std::deque<record> model_;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    FuzzedDataProvider in(data, size);
    script s(in);
    s.run();
    return 0;
}
