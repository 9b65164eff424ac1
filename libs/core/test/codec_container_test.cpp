//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The codec (DESIGN §5) on the standard library: strings, sequences,
// associative containers and vocabulary types, nested; then several values in
// one buffer, and the buffer itself.

#include <freethreading/core/codec.hpp>

#include "codec_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <bitset>
#include <chrono>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <forward_list>
#include <list>
#include <map>
#include <optional>
#include <ratio>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

namespace ftd = freethreading::detail;
using namespace codec_samples;

BOOST_AUTO_TEST_CASE(strings)
{
    check_round_trip(std::string());
    check_round_trip(std::string("short"));
    check_round_trip(std::wstring(L"wide string"));
    check_round_trip(std::u8string(u8"utf-8"));
    check_round_trip(std::u16string(u"utf-16 text"));
    check_round_trip(std::u32string(U"utf-32"));
    std::string big(1 << 20, '\0');
    for (std::size_t i = 0; i != big.size(); ++i)
        big[i] = static_cast<char>(i * 131);
    check_round_trip(big);
    BOOST_TEST(encoded(big).size() == 8u + big.size());
}

BOOST_AUTO_TEST_CASE(sequences)
{
    check_round_trip(std::vector<int>{});
    check_round_trip(std::vector<std::int64_t>{1, -2, 3});
    check_round_trip(std::vector<std::string>{"a", "", "c"});
    check_round_trip(std::vector<std::vector<double>>{{}, {1.5}, {2, 3}});
    for (std::size_t n : {0, 1, 7, 8, 9, 100}) {
        std::vector<bool> v(n);
        for (std::size_t i = 0; i != n; ++i)
            v[i] = i % 3 == 0;
        check_round_trip(v);
        BOOST_TEST(encoded(v).size() == 8u + (n + 7) / 8);
    }
    check_round_trip(std::deque<std::string>{"x", "y"});
    check_round_trip(std::list<int>{3, 1, 2});
    check_round_trip(std::forward_list<std::string>{"f", "g"});
    check_round_trip(std::forward_list<int>{});
    check_round_trip(std::array<int, 3>{1, 2, 3});
    check_round_trip(std::array<int, 0>{});
    check_round_trip(std::array<std::string, 0>{});
    check_round_trip(std::array<std::string, 2>{"a", "b"});
    check_round_trip(std::bitset<0>{});
    check_round_trip(std::bitset<13>{0x1ABC});
    check_round_trip(std::bitset<64>{0xDEADBEEFCAFEF00Dull});
    check_round_trip(std::bitset<100>{}.set(0).set(63).set(99));

    // Raw elements: the count then exactly the elements' bytes.
    const std::vector<std::int64_t> v{10, 20, 30};
    const ftd::byte_buffer b = encoded(v);
    BOOST_TEST(b.size() == 8u + 3 * 8);
    BOOST_TEST(std::memcmp(b.data() + 8, v.data(), 3 * 8) == 0);
}

BOOST_AUTO_TEST_CASE(vocabulary_types)
{
    check_round_trip(std::pair<int, std::string>{1, "one"});
    check_round_trip(std::tuple<>{});
    check_round_trip(std::tuple<int, std::string, double>{1, "two", 3.0});
    check_round_trip(std::optional<std::string>{});
    check_round_trip(std::optional<std::string>{"set"});
    using alternatives = std::variant<int, std::string, std::vector<double>, std::monostate, bool>;
    check_round_trip(alternatives{5});
    check_round_trip(alternatives{std::string("text")});
    check_round_trip(alternatives{std::vector<double>{1, 2}});
    check_round_trip(alternatives{std::monostate{}});
    check_round_trip(alternatives{true});
    check_round_trip(std::monostate{});
    check_round_trip(std::chrono::milliseconds(1234));
    check_round_trip(std::chrono::duration<double, std::ratio<3600>>(1.5));
    check_round_trip(std::chrono::steady_clock::now());
    check_round_trip(std::chrono::system_clock::now());
    check_round_trip(std::complex<double>(1, -2));
    check_round_trip(std::complex<float>(0.5f, 4));
}

BOOST_AUTO_TEST_CASE(associative_containers)
{
    check_round_trip(std::map<std::string, int>{});
    check_round_trip(std::map<std::string, int>{{"a", 1}, {"b", 2}});
    check_round_trip(std::multimap<int, std::string>{{1, "x"}, {1, "y"}, {2, "z"}});
    check_round_trip(std::set<std::string>{"p", "q"});
    check_round_trip(std::multiset<int>{1, 1, 2});
    check_round_trip(std::unordered_map<int, std::string>{{1, "u"}, {2, "v"}});
    check_round_trip(std::unordered_set<std::string>{"m", "n"});
    check_round_trip(std::unordered_multimap<int, int>{{1, 1}, {1, 2}});
    check_round_trip(std::unordered_multiset<int>{4, 4});
}

BOOST_AUTO_TEST_CASE(nested_values)
{
    std::map<std::string, std::vector<std::optional<std::pair<int, std::string>>>> m;
    m["first"] = {std::nullopt, std::pair{1, std::string("one")}};
    m["second"] = {};
    m["third"] = {std::pair{3, std::string(100, 'x')}};
    check_round_trip(m);
    check_round_trip(std::vector<document>{{"d", {1}, {2, 3, "p"}}, {}});
    check_round_trip(std::optional<std::map<int, std::variant<std::string, raw_point>>>{
        {{1, std::string("s")}, {2, raw_point{1, 2, 3}}}});
}

BOOST_AUTO_TEST_CASE(encode_appends_and_reader_continues)
{
    ftd::byte_buffer buffer;
    ftd::encode(std::string("first"), buffer);
    ftd::encode(42, buffer);
    ftd::byte_reader in(buffer.data(), buffer.size());
    BOOST_TEST(ftd::decode<std::string>(in) == "first");
    BOOST_TEST(ftd::decode<int>(in) == 42);
    BOOST_TEST(in.empty());

    // After a char the raw run is misaligned: the decoder copies it bytewise.
    const std::vector<std::int64_t> v{1, -2, 3};
    const std::vector<raw_point> points{{1, 2, 3}, {4, 5, 6}};
    buffer.clear();
    ftd::encode('c', buffer);
    ftd::encode(v, buffer);
    ftd::encode(points, buffer);
    ftd::byte_reader odd(buffer.data(), buffer.size());
    BOOST_TEST(ftd::decode<char>(odd) == 'c');
    BOOST_TEST((ftd::decode<std::vector<std::int64_t>>(odd) == v));
    BOOST_TEST((ftd::decode<std::vector<raw_point>>(odd) == points));
    BOOST_TEST(odd.empty());
}

BOOST_AUTO_TEST_CASE(byte_buffer_reuse)
{
    ftd::byte_buffer buffer;
    for (int i = 0; i != 1000; ++i)
        buffer.put(i);
    BOOST_TEST(buffer.size() == 1000 * sizeof(int));
    int last = 0;
    std::memcpy(&last, buffer.data() + 999 * sizeof(int), sizeof(int));
    BOOST_TEST(last == 999);
    const std::size_t capacity = buffer.capacity();
    buffer.clear();
    BOOST_TEST(buffer.empty());
    BOOST_TEST(buffer.capacity() == capacity);
    ftd::byte_buffer moved(std::move(buffer));
    BOOST_TEST(moved.capacity() == capacity);
    BOOST_TEST(buffer.capacity() == 0u);
}
