//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Decoding damaged bytes (DESIGN §5): 100,000 truncations, bit flips,
// overwritten words and shifted bytes of valid encodings of nested values,
// from a fixed seed. Each decode must either succeed or throw decode_error;
// anything else (another exception, a crash, a sanitizer report) fails. A value
// that does decode must be valid: it is encoded and decoded again.

#include <freethreading/core/codec.hpp>
#include <freethreading/core/errors.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <bitset>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <list>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace ftd = freethreading::detail;

namespace {

using nested_map = std::map<std::string, std::vector<std::optional<std::pair<int, std::string>>>>;
using alternatives = std::variant<int, std::string, std::vector<double>, std::monostate,
                                  std::unordered_map<std::string, bool>>;
using list_of_arrays = std::list<std::array<std::string, 2>>;

struct order_line
{
    std::string sku;
    std::uint32_t quantity;
    double price;
    bool gift;
    std::optional<std::string> note;
};

struct order
{
    std::uint64_t id;
    std::vector<order_line> lines;
    nested_map attributes;
    std::variant<std::monostate, std::string, std::chrono::milliseconds, std::set<int>> status;
    std::tuple<char, std::deque<std::string>, std::bitset<12>> extra;
    std::vector<bool> mask;
};

class journal
{
public:
    journal() = default;
    journal(int id, std::vector<std::string> entries, std::multimap<int, std::string> index)
        : id_(id), entries_(std::move(entries)), index_(std::move(index))
    {
    }
    template <class Archive>
    void serialize(Archive& ar, unsigned)
    {
        ar & id_ & entries_ & index_;
    }

private:
    int id_ = 0;
    std::vector<std::string> entries_;
    std::multimap<int, std::string> index_;
};

nested_map make_nested()
{
    nested_map m;
    m["alpha"] = {std::nullopt, std::pair{1, std::string("one")}, std::pair{-7, std::string()}};
    m["beta"] = {};
    m["gamma"] = {std::pair{3, std::string(40, 'g')}};
    return m;
}

order make_order()
{
    order o{};
    o.id = 0x1234'5678'9ABC'DEF0u;
    o.lines = {{"sku-001", 2, 9.99, false, std::nullopt},
               {"sku-002-with-a-longer-name", 1, 120.5, true, std::string("wrap it")}};
    o.attributes = make_nested();
    o.status = std::set<int>{3, 1, 4, 1, 5};
    o.extra = {'x', std::deque<std::string>{"d1", "d2"}, std::bitset<12>(0xABC)};
    o.mask = {true, false, true, true, false, false, true, false, true};
    return o;
}

/** One valid encoding and a decoder for its type. */
struct sample
{
    std::vector<std::byte> bytes;
    void (*decode)(std::span<const std::byte>);
};

// Decodes, then re-encodes what it got and decodes that: a decoded value
// must be a valid one.
template <class T>
void decode_and_reencode(std::span<const std::byte> bytes)
{
    const T value = ftd::decode<T>(bytes);
    ftd::byte_buffer again;
    ftd::encode(value, again);
    (void)ftd::decode<T>(again.bytes());
}

template <class T>
sample make_sample(const T& value)
{
    ftd::byte_buffer b;
    ftd::encode(value, b);
    return {std::vector<std::byte>(b.data(), b.data() + b.size()), &decode_and_reencode<T>};
}

std::vector<std::byte> mutate(const std::vector<std::byte>& original, std::mt19937_64& rng)
{
    std::vector<std::byte> bytes = original;
    auto below = [&rng](std::size_t n) {
        return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
    };
    auto flip_bits = [&] {
        for (std::size_t k = 1 + below(4); k != 0; --k)
            bytes[below(bytes.size())] ^= static_cast<std::byte>(1u << below(8));
    };
    switch (below(5)) {
    case 0: // truncate
        bytes.resize(below(bytes.size()));
        break;
    case 1:
        flip_bits();
        break;
    case 2: { // overwrite a word, often with a length that is far too large
        static constexpr std::array<std::uint64_t, 6> lengths{
            0, 1, 255, std::uint64_t{1} << 60, ~std::uint64_t{0}, std::uint64_t{1} << 32};
        const std::uint64_t word = below(2) == 0 ? lengths[below(lengths.size())] : rng();
        const std::size_t at = below(bytes.size());
        std::memcpy(bytes.data() + at, &word, std::min<std::size_t>(8, bytes.size() - at));
        break;
    }
    case 3: // flip, then truncate
        flip_bits();
        bytes.resize(below(bytes.size()));
        break;
    default: // drop or duplicate one byte, shifting the rest
        if (const std::size_t at = below(bytes.size()); below(2) == 0)
            bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at));
        else
            bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes[at]);
        break;
    }
    return bytes;
}

} // namespace

BOOST_AUTO_TEST_CASE(damaged_bytes_decode_or_throw_decode_error)
{
    const std::vector<sample> samples{
        make_sample(make_nested()),
        make_sample(alternatives{std::vector<double>{1.5, -2.25, 1e300}}),
        make_sample(alternatives{std::unordered_map<std::string, bool>{{"k", true}, {"l", false}}}),
        make_sample(alternatives{std::string("variant text")}),
        make_sample(make_order()),
        make_sample(list_of_arrays{{"a", "bb"}, {"ccc", ""}, {"dddd", "e"}}),
        make_sample(journal(9, {"first entry", "second"}, {{1, "x"}, {1, "y"}, {5, "z"}})),
        make_sample(std::vector<order_line>(3, make_order().lines[1])),
    };

    std::mt19937_64 rng(20260125);
    constexpr int iterations = 100'000;
    int decoded = 0;
    int rejected = 0;
    int failures = 0;
    for (int i = 0; i != iterations; ++i) {
        const sample& s = samples[static_cast<std::size_t>(i) % samples.size()];
        const std::vector<std::byte> bytes = mutate(s.bytes, rng);
        try {
            s.decode(bytes);
            ++decoded;
        } catch (const freethreading::decode_error&) {
            ++rejected;
        } catch (const std::exception& e) {
            if (++failures <= 5)
                BOOST_TEST(false, "iteration " << i << " threw " << typeid(e).name() << ": "
                                                << e.what());
        } catch (...) {
            if (++failures <= 5)
                BOOST_TEST(false, "iteration " << i << " threw a non-standard exception");
        }
    }
    BOOST_TEST(failures == 0);
    BOOST_TEST(decoded + rejected == iterations);
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    BOOST_TEST(decoded > iterations / 50);
    BOOST_TEST(rejected > iterations / 2);
    BOOST_TEST_MESSAGE("decoded " << decoded << ", rejected " << rejected);
}

BOOST_AUTO_TEST_CASE(undamaged_samples_decode)
{
    make_sample(make_order()).decode(make_sample(make_order()).bytes);
    const order o = make_order();
    ftd::byte_buffer b;
    ftd::encode(o, b);
    const order back = ftd::decode<order>(b.bytes());
    BOOST_TEST(back.id == o.id);
    BOOST_TEST(back.lines.size() == 2u);
    BOOST_TEST((back.attributes == o.attributes));
    BOOST_TEST((back.status == o.status));
    BOOST_TEST((back.extra == o.extra));
    BOOST_TEST((back.mask == o.mask));
}
