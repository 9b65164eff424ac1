//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The codec (DESIGN §5): which types the portability contract accepts, and
// round trips of scalars and of the classes each rule takes. Containers and
// vocabulary types are codec_container_test.cpp; bad bytes,
// codec_error_test.cpp.

#include <freethreading/core/codec.hpp>

#include "codec_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <typeinfo>
#include <utility>
#include <variant>
#include <vector>

namespace ft = freethreading;
namespace ftd = freethreading::detail;
using namespace codec_samples;

namespace {

struct derived_string : base
{
    std::string s;
};

struct with_pointer
{
    int* p;
};
struct with_view
{
    std::string_view v;
};
struct with_mutex
{
    std::mutex m;
};
struct with_reference
{
    int x;
    const std::string& r;
};
struct with_anonymous_union
{
    union {
        int i;
        float f;
    };
    int tail;
};
struct with_anonymous_union_and_string
{
    union {
        int i;
        float f;
    };
    std::string s;
};
const std::string fallback = "fallback";
struct with_defaulted_reference
{
    int x;
    const std::string& r = fallback;
};
struct with_vector_of_pointers
{
    std::vector<const char*> names;
};
struct no_default
{
    explicit no_default(int) {}
    template <class Archive>
    void serialize(Archive&, unsigned)
    {
    }
};

// The customization points.
struct shared_slot
{
    std::uint32_t slot;
    bool operator==(const shared_slot&) const = default;
};
struct local_handle
{
    int fd;
};

constexpr std::uint32_t slot_mask = 0xA5A5A5A5u;

} // namespace

template <>
struct freethreading::detail::codec_traits<shared_slot>
{
    static constexpr bool specialized = true;
    static constexpr std::size_t min_encoded_size = 4;
    static void encode(const shared_slot& s, byte_writer& out) { out.put(s.slot ^ slot_mask); }
    static shared_slot decode(byte_reader& in)
    {
        return {in.get<std::uint32_t>(typeid(shared_slot)) ^ slot_mask};
    }
};

template <>
inline constexpr bool freethreading::detail::is_process_local_v<local_handle> = true;

namespace {

enum class colour : std::uint8_t { red, green, blue };
enum legacy { one = 1, two = 2 };
enum class switch_state : bool { off, on };

} // namespace

// Rule 1 and the near misses: each category, alone and inside a value.
auto capture_less = [] { return 1; };
int captured = 0;
auto by_reference = [&r = captured] { return r; };
auto by_value = [v = 3] { return v; };

static_assert(!ft::serializable<int*>);
static_assert(!ft::serializable<const char*>);
static_assert(!ft::serializable<void (*)()>);
static_assert(!ft::serializable<std::nullptr_t>);
static_assert(!ft::serializable<int&>);
static_assert(!ft::serializable<const std::string&>);
static_assert(!ft::serializable<std::string&&>);
static_assert(!ft::serializable<int point::*>);
static_assert(!ft::serializable<void (celsius::*)()>);
static_assert(!ft::serializable<std::reference_wrapper<int>>);
static_assert(!ft::serializable<std::string_view>);
static_assert(!ft::serializable<std::wstring_view>);
static_assert(!ft::serializable<std::span<int>>);
static_assert(!ft::serializable<std::span<const int, 3>>);
static_assert(!ft::serializable<std::function<void()>>);
static_assert(!ft::serializable<decltype(by_reference)>);
static_assert(!ft::serializable<decltype(by_value)>);
static_assert(!ft::serializable<std::future<int>>);
static_assert(!ft::serializable<std::shared_future<int>>);
static_assert(!ft::serializable<std::unique_ptr<int>>);
static_assert(!ft::serializable<std::shared_ptr<int>>);
static_assert(!ft::serializable<local_handle>);
static_assert(!ft::serializable<std::vector<local_handle>>);
static_assert(!ft::serializable<int[3]>);
static_assert(!ft::serializable<volatile int>);
static_assert(!ft::serializable<std::mutex>);
static_assert(!ft::serializable<std::atomic<int>>);
static_assert(!ft::serializable<std::thread>);
static_assert(!ft::serializable<with_pointer>);
static_assert(!ft::serializable<with_view>);
static_assert(!ft::serializable<with_mutex>);
static_assert(!ft::serializable<with_reference>);
static_assert(!ft::serializable<with_defaulted_reference>);
static_assert(!ft::serializable<with_anonymous_union_and_string>);
static_assert(!ft::serializable<with_vector_of_pointers>);
static_assert(!ft::serializable<std::vector<int*>>);
static_assert(!ft::serializable<std::optional<std::function<void()>>>);
static_assert(!ft::serializable<std::map<int, std::string_view>>);
static_assert(!ft::serializable<std::variant<int, int*>>);
static_assert(!ft::serializable<std::tuple<int, int&>>);
static_assert(!ft::serializable<std::pair<int, std::span<int>>>);
static_assert(!ft::serializable<derived_string>);
static_assert(!ft::serializable<no_default>);
static_assert(!ft::serializable<void>);

// The accepted families.
static_assert(ft::serializable<int> && ft::serializable<bool> && ft::serializable<long double>);
static_assert(ft::serializable<colour> && ft::serializable<legacy> && ft::serializable<std::byte>);
static_assert(ft::serializable<const int>);
static_assert(ft::serializable<point> && ft::serializable<document> && ft::serializable<empty>);
static_assert(ft::serializable<with_const>);
static_assert(ft::serializable<sample_record> && ft::serializable<tagged>);
static_assert(ft::serializable<celsius> && ft::serializable<bits> && ft::serializable<derived_raw>);
static_assert(ftd::rule_of<with_anonymous_union>() == ftd::codec_rule::trivially_copyable);
static_assert(ft::serializable<shared_slot>);
static_assert(ft::serializable<std::monostate>);
static_assert(ft::serializable<std::map<std::string, std::vector<std::optional<std::pair<int, std::string>>>>>);
static_assert(ft::serializable<decltype(capture_less)>); // rule 6; the callable rule is the pools'

// Which rule takes what, and which are one memcpy.
static_assert(ftd::rule_of<point>() == ftd::codec_rule::aggregate);
static_assert(ftd::rule_of<tagged>() == ftd::codec_rule::member_serialize);
static_assert(ftd::rule_of<bits>() == ftd::codec_rule::trivially_copyable);
static_assert(ftd::rule_of<std::array<int, 2>>() == ftd::codec_rule::standard);
static_assert(ftd::rule_of<shared_slot>() == ftd::codec_rule::custom);
static_assert(ftd::is_raw<raw_point>() && ftd::is_raw<std::array<raw_point, 4>>());
static_assert(ftd::is_raw<std::complex<double>>() && ftd::is_raw<std::chrono::seconds>());
static_assert(!ftd::is_raw<flags>() && !ftd::is_raw<bool>() && !ftd::is_raw<point>());
static_assert(ftd::min_encoded_size<empty>() == 1 && ftd::min_encoded_size<std::tuple<>>() == 1);
static_assert(ftd::min_encoded_size<nothing_to_save>() == 1);
static_assert(ftd::min_encoded_size<std::array<std::string, 0>>() == 1);
static_assert(ftd::min_encoded_size<point>() == sizeof(int) + sizeof(double) + 8);

BOOST_AUTO_TEST_CASE(arithmetic_enums_and_bytes)
{
    check_round_trip(std::int8_t{-5});
    check_round_trip(std::uint64_t{0xFFFF'FFFF'FFFF'FFFFu});
    check_round_trip(-1.5f);
    check_round_trip(3.25);
    check_round_trip(1.0L / 3);
    check_round_trip('x');
    check_round_trip(U'\U0001F600');
    check_round_trip(true);
    check_round_trip(false);
    check_round_trip(colour::blue);
    check_round_trip(two);
    check_round_trip(std::byte{0x7F});
    check_round_trip(switch_state::on);
    BOOST_TEST(rejects<switch_state>(bytes_of(std::uint8_t{2}))); // an enum over bool is a bool
    BOOST_TEST(encoded(std::int64_t{7}).size() == 8u);
    BOOST_TEST(encoded(true).size() == 1u);
}

BOOST_AUTO_TEST_CASE(aggregates)
{
    check_round_trip(point{1, 2.5, "a string longer than the SSO buffer"});
    check_round_trip(document{"title", {1, 2, 3}, {4, 5.5, "origin"}});
    check_round_trip(flags{true, 7});
    check_round_trip(empty{});
    check_round_trip(std::vector<empty>(5));
    const with_const c{42, "const field"};
    BOOST_TEST((round_trip(c) == c));

    // Every field rule-2: one copy of the whole object.
    const raw_point p{1, 2.5f, -3};
    BOOST_TEST(encoded(p).size() == sizeof(raw_point));
    check_round_trip(p);
    BOOST_TEST(encoded(flags{}).size() == 1u + sizeof(int));
    BOOST_TEST(encoded(empty{}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(serialize_members)
{
    sample_record r(7, "sensor");
    r.add(1.5, "a");
    r.add(2.5, "b");
    check_round_trip(r);
    check_round_trip(std::vector<sample_record>{r, sample_record(8, "other")});
    check_round_trip(tagged{{3, 4}, "tag"});
    BOOST_TEST(encoded(nothing_to_save{}).size() == 1u);
    check_round_trip(std::vector<nothing_to_save>(3));
}

BOOST_AUTO_TEST_CASE(trivially_copyable_classes)
{
    check_round_trip(celsius(21.5));
    check_round_trip(std::vector<celsius>{celsius(1), celsius(-40)});
    check_round_trip(bits{5, 17});
    derived_raw dr;
    dr.x = 1;
    dr.y = 2;
    const derived_raw back = round_trip(dr);
    BOOST_TEST((back.x == 1 && back.y == 2));
}

BOOST_AUTO_TEST_CASE(customization_points)
{
    const shared_slot s{0x01020304};
    const ftd::byte_buffer b = encoded(s);
    std::uint32_t raw = 0;
    std::memcpy(&raw, b.data(), 4);
    BOOST_TEST(raw == (0x01020304u ^ slot_mask)); // its codec_traits, not rule 3
    check_round_trip(s);
    check_round_trip(std::vector<shared_slot>{{1}, {2}});
}
