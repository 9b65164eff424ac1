//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The codec (DESIGN §5) on bad bytes: every truncation, trailing bytes,
// corrupted lengths (which must allocate nothing of their size) and invalid
// representations are decode_errors; a valueless variant cannot be encoded.

#include <freethreading/core/codec.hpp>
#include <freethreading/core/errors.hpp>

#include "codec_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <atomic>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <map>
#include <new>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace ft = freethreading;
namespace ftd = freethreading::detail;
using namespace codec_samples;

// Counts what operator new is asked for, so a test can prove that a corrupted
// length allocates nothing of its size.
namespace {
std::atomic<std::size_t> largest_allocation{0};
} // namespace

[[gnu::noinline]] void* operator new(std::size_t size)
{
    std::size_t seen = largest_allocation.load(std::memory_order_relaxed);
    while (size > seen && !largest_allocation.compare_exchange_weak(seen, size)) {
    }
    if (void* p = std::malloc(size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}
// Out of line, or g++ sees free() on the result of a new-expression and warns.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

BOOST_AUTO_TEST_CASE(every_truncation_is_rejected)
{
    const document doc{"title", {1, 2, 3}, {4, 5.5, "origin"}};
    const ftd::byte_buffer full = encoded(doc);
    for (std::size_t n = 0; n != full.size(); ++n)
        BOOST_TEST(rejects<document>(full.bytes().first(n)));
    const auto m = std::map<int, std::set<std::string>>{{1, {"a", "b"}}, {2, {}}};
    const ftd::byte_buffer fm = encoded(m);
    for (std::size_t n = 0; n != fm.size(); ++n)
        BOOST_TEST(rejects<decltype(m)>(fm.bytes().first(n)));
}

BOOST_AUTO_TEST_CASE(trailing_bytes_are_rejected_by_the_span_overload)
{
    ftd::byte_buffer b = encoded(std::string("abc"));
    b.put(std::byte{0});
    BOOST_TEST(rejects<std::string>(b.bytes()));
    ftd::byte_reader in(b.bytes());
    BOOST_TEST(ftd::decode<std::string>(in) == "abc");
    BOOST_TEST(in.remaining() == 1u);
}

BOOST_AUTO_TEST_CASE(huge_corrupted_length_allocates_nothing)
{
    ftd::byte_buffer b;
    b.put(std::uint64_t{1} << 60);
    for (int i = 0; i != 64; ++i)
        b.put(std::int64_t{i});
    largest_allocation = 0;
    BOOST_TEST(rejects<std::vector<std::int64_t>>(b.bytes()));
    BOOST_TEST(rejects<std::string>(b.bytes()));
    BOOST_TEST(rejects<std::vector<std::string>>(b.bytes()));
    BOOST_TEST(rejects<std::vector<bool>>(b.bytes()));
    BOOST_TEST(rejects<std::deque<int>>(b.bytes()));
    BOOST_TEST((rejects<std::unordered_map<int, int>>(b.bytes())));
    BOOST_TEST(largest_allocation.load() < 4096u); // the error messages only

    // The counter does see the codec's allocations.
    const std::vector<std::int64_t> thousand(1000);
    (void)ftd::decode<std::vector<std::int64_t>>(encoded(thousand).bytes());
    BOOST_TEST(largest_allocation.load() >= 8000u);
    try {
        (void)ftd::decode<std::vector<std::int64_t>>(b.bytes());
    } catch (const ft::decode_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("std::vector<long") != std::string::npos);
        BOOST_TEST(what.find("1152921504606846976") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(invalid_representations_are_rejected)
{
    BOOST_TEST(rejects<bool>(bytes_of(std::uint8_t{2})));
    BOOST_TEST((rejects<flags>(bytes_of(std::array<std::uint8_t, 5>{7, 0, 0, 0, 0}))));
    BOOST_TEST((rejects<std::optional<int>>(bytes_of(std::array<std::uint8_t, 5>{2, 0, 0, 0, 0}))));
    using v = std::variant<int, std::string>;
    BOOST_TEST((rejects<v>(bytes_of(std::array<std::uint8_t, 5>{2, 0, 0, 0, 0}))));

    // A duplicate key is never encoded, so it is corruption.
    ftd::byte_buffer b;
    ftd::encode(std::vector<std::pair<int, int>>{{1, 10}, {1, 11}}, b);
    BOOST_TEST((rejects<std::map<int, int>>(b.bytes())));
    BOOST_TEST((rejects<std::unordered_map<int, int>>(b.bytes())));
    BOOST_TEST((!rejects<std::multimap<int, int>>(b.bytes())));
    b.clear();
    ftd::encode(std::vector<int>{5, 5}, b);
    BOOST_TEST(rejects<std::set<int>>(b.bytes()));
    BOOST_TEST(!rejects<std::multiset<int>>(b.bytes()));

    // Unused bits of packed booleans must be zero.
    ftd::byte_buffer bits = encoded(std::vector<bool>{true, false, true});
    bits.data()[8] |= std::byte{0x80};
    BOOST_TEST(rejects<std::vector<bool>>(bits.bytes()));
    ftd::byte_buffer set = encoded(std::bitset<4>{});
    set.data()[0] = std::byte{0x10};
    BOOST_TEST(rejects<std::bitset<4>>(set.bytes()));
}

namespace {
struct throws_on_move
{
    throws_on_move() = default;
    throws_on_move(const throws_on_move&) { throw std::runtime_error("copy"); }
    throws_on_move& operator=(const throws_on_move&) = default;
    template <class Archive>
    void serialize(Archive&, unsigned)
    {
    }
};
} // namespace

BOOST_AUTO_TEST_CASE(valueless_variant_cannot_be_encoded)
{
    std::variant<int, throws_on_move> v;
    const throws_on_move source;
    try {
        v.emplace<throws_on_move>(source);
    } catch (const std::runtime_error&) {
    }
    BOOST_TEST(v.valueless_by_exception());
    ftd::byte_buffer b;
    bool rejected = false;
    try {
        ftd::encode(v, b);
    } catch (const std::invalid_argument&) {
        rejected = true;
    }
    BOOST_TEST(rejected);
}
