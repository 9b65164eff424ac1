//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The record ring's reader never leaves the ring (DESIGN §5, §6): a record
// header written over — its length prefix grown past the chunk, its payload
// offset moved, a padding marker that does not end at the chunk's end — is
// reported as decode_error by the get that meets it, with the consumer lock
// released and nothing taken, instead of handing out bytes beyond the chunk
// (found by test/fuzz's record_ring target). An intact ring is untouched by
// the check: the records before and after a damaged one's turn read back.

#include <freethreading/core/detail/ring/record_ring.hpp>
#include <freethreading/core/errors.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace ft = freethreading;
namespace ftd = freethreading::detail;

namespace {

constexpr ftd::steady_time at_once = ftd::steady_time::min();

// A ring in the process heap with `records` records of `size` bytes.
struct filled_ring
{
    ftd::ring_state r;

    filled_ring(int records, std::size_t size)
    {
        ftd::ring_init(r, 0, ftd::ring_memory{});
        for (int i = 0; i < records; ++i) {
            ftd::ring_record out;
            BOOST_TEST_REQUIRE((ftd::ring_begin_put(r, size, 8, at_once, out) == ftd::ring_status::ready));
            std::memset(out.payload, 'a' + i, size);
            ftd::ring_commit_put(r);
        }
    }
    filled_ring(const filled_ring&) = delete;
    filled_ring& operator=(const filled_ring&) = delete;
    ~filled_ring() { ftd::ring_destroy(r); }

    // The header word of the record at `cell` of the first chunk.
    std::uint64_t& header(std::uint64_t cell)
    {
        return *reinterpret_cast<std::uint64_t*>(r.consumer.chunk->cell(cell));
    }

    // What the next get does: the record's first byte, or the error's message.
    std::string next()
    {
        ftd::ring_record out;
        try {
            if (ftd::ring_begin_get(r, at_once, out) != ftd::ring_status::ready)
                return "empty";
        } catch (const ft::decode_error& e) {
            return e.what();
        }
        const std::string first(1, static_cast<char>(out.payload[0]));
        ftd::ring_commit_get(r);
        return first;
    }
};

bool names_damage(const std::string& message)
{
    return message.find("damaged") != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_length_prefix_past_the_chunk_is_reported_not_read)
{
    filled_ring f(2, 20); // 8 + 20 bytes: two cells a record
    const std::uint64_t intact = f.header(0);
    f.header(0) = (intact & ~std::uint64_t(0xffffffff)) | 0x00fffff0u; // the size, 16 MiB
    BOOST_TEST(names_damage(f.next()));
    BOOST_TEST(names_damage(f.next())); // nothing was taken: the same header again
    f.header(0) = intact;               // repaired: the ring reads on
    BOOST_TEST(f.next() == "a");
    BOOST_TEST(f.next() == "b");
    BOOST_TEST(f.next() == "empty");
}

BOOST_AUTO_TEST_CASE(a_payload_offset_other_than_8_or_16_is_reported)
{
    filled_ring f(1, 20);
    f.header(0) = (f.header(0) & ~(std::uint64_t(0x7fffffff) << 32)) | (std::uint64_t(4096) << 32);
    BOOST_TEST(names_damage(f.next()));
}

BOOST_AUTO_TEST_CASE(padding_that_does_not_end_the_chunk_is_reported)
{
    filled_ring f(2, 20);
    // Record 0's header turned into padding over three cells (not to the end
    // of the chunk): following it would read record 1's payload as a header.
    f.header(0) = (f.header(0) & (std::uint64_t(1) << 63)) | (std::uint64_t(3) << 32) | 0xffffffffu;
    BOOST_TEST(names_damage(f.next()));
}

BOOST_AUTO_TEST_CASE(a_record_as_long_as_the_chunk_allows_is_read)
{
    // The check's boundary: a record that fills its chunk to the last cell.
    const std::size_t room = std::size_t(ftd::ring_chunk_cells) * ftd::ring_cell - 8;
    filled_ring f(1, room);
    BOOST_TEST(f.next() == "a");
    BOOST_TEST(f.next() == "empty");
}
