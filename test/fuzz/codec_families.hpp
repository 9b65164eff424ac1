//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_FUZZ_CODEC_FAMILIES_HPP
#define FREETHREADING_TEST_FUZZ_CODEC_FAMILIES_HPP

// The codec's type families, one fuzz target each (DESIGN §5 rules 2–5):
// the types a target decodes, and real values of them from which the corpus
// generator writes the seeds. `samples(sink)` calls `sink.add<T>(value)`.

#include "heap_model.hpp"

#include <array>
#include <bitset>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <forward_list>
#include <limits>
#include <list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

namespace freethreading_fuzz {

enum class colour : std::uint8_t { red, green, blue };
enum class flag : bool { off, on };

// Rule 3: aggregates, field by field (a trivially copyable one as its bytes).
struct point
{
    std::int32_t x;
    std::int32_t y;
    bool operator==(const point&) const = default;
};

struct order_line
{
    std::string sku;
    std::uint32_t quantity;
    double price;
    bool gift;
    std::optional<std::string> note;
    bool operator==(const order_line&) const = default;
};

struct order
{
    std::uint64_t id;
    std::vector<order_line> lines;
    point at;
    colour tint;
    std::map<std::string, std::string> attributes;
    bool operator==(const order&) const = default;
};

struct nothing
{
    bool operator==(const nothing&) const = default;
};

// Rule 5: a Boost.Serialization-style member.
class journal
{
public:
    journal() = default;
    journal(int id, std::vector<std::string> entries) : id_(id), entries_(std::move(entries)) {}
    template <class Archive>
    void serialize(Archive& ar, unsigned)
    {
        ar & id_;
        ar & entries_;
    }
    bool operator==(const journal&) const = default;

private:
    int id_ = 0;
    std::vector<std::string> entries_;
};

} // namespace freethreading_fuzz

template <>
struct freethreading_fuzz::heap_model<freethreading_fuzz::journal>
{
    static constexpr std::size_t value = heap_ratio<std::vector<std::string>>;
};

namespace freethreading_fuzz {

struct arithmetic_family
{
    using types = std::tuple<std::int8_t, std::uint16_t, std::int32_t, std::uint64_t, float, double, long double,
                             bool, char32_t, colour, flag, std::byte, std::chrono::milliseconds, point>;
    template <class Sink>
    static void samples(Sink& s)
    {
        s.template add<std::int8_t>(-7);
        s.template add<std::uint16_t>(65535);
        s.template add<std::int32_t>(std::numeric_limits<std::int32_t>::min());
        s.template add<std::uint64_t>(0x0123456789abcdefu);
        s.template add<float>(1.5f);
        s.template add<double>(-0.0);
        s.template add<double>(std::numeric_limits<double>::quiet_NaN());
        s.template add<long double>(3.25L);
        s.template add<bool>(true);
        s.template add<bool>(false);
        s.template add<char32_t>(U'\u00e9');
        s.template add<colour>(colour::blue);
        s.template add<flag>(flag::on);
        s.template add<std::byte>(std::byte{0xa5});
        s.template add<std::chrono::milliseconds>(std::chrono::milliseconds(1500));
        s.template add<point>(point{-3, 4});
    }
};

struct string_family
{
    using types = std::tuple<std::string, std::u16string, std::u32string, std::wstring, std::array<std::string, 2>>;
    template <class Sink>
    static void samples(Sink& s)
    {
        s.template add<std::string>("");
        s.template add<std::string>("hello");
        s.template add<std::string>(std::string(40, 'x'));
        s.template add<std::string>(std::string("nul\0inside", 10));
        s.template add<std::u16string>(u"caf\u00e9");
        s.template add<std::u32string>(U"\U0001F600 smile");
        s.template add<std::wstring>(L"wide");
        s.template add<std::array<std::string, 2>>({"first", "second"});
    }
};

struct vector_family
{
    using types = std::tuple<std::vector<int>, std::vector<double>, std::vector<bool>, std::vector<std::string>,
                             std::vector<std::optional<int>>, std::vector<std::array<std::uint8_t, 3>>,
                             std::vector<char>, std::bitset<20>, std::vector<point>>;
    template <class Sink>
    static void samples(Sink& s)
    {
        s.template add<std::vector<int>>({});
        s.template add<std::vector<int>>({1, -2, 3});
        s.template add<std::vector<double>>({0.5, 1e300});
        s.template add<std::vector<bool>>({true, false, true, true, false, false, true, false, true});
        s.template add<std::vector<std::string>>({"a", "", "longer than the small buffer of a string"});
        s.template add<std::vector<std::optional<int>>>({1, std::nullopt, 3, std::nullopt});
        s.template add<std::vector<std::array<std::uint8_t, 3>>>({{1, 2, 3}, {4, 5, 6}});
        s.template add<std::vector<char>>({'a', 'b'});
        s.template add<std::bitset<20>>(std::bitset<20>(0xabcde));
        s.template add<std::vector<point>>({{1, 2}, {3, 4}});
    }
};

struct map_family
{
    using types = std::tuple<std::map<std::string, int>, std::multimap<int, std::string>,
                             std::unordered_map<std::string, std::vector<int>>, std::set<int>,
                             std::unordered_set<std::string>, std::multiset<std::string>, std::map<int, bool>>;
    template <class Sink>
    static void samples(Sink& s)
    {
        s.template add<std::map<std::string, int>>({{"one", 1}, {"two", 2}, {"three", 3}});
        s.template add<std::map<std::string, int>>({});
        s.template add<std::multimap<int, std::string>>({{1, "a"}, {1, "b"}, {2, "c"}});
        s.template add<std::unordered_map<std::string, std::vector<int>>>({{"evens", {2, 4}}, {"odds", {1, 3, 5}}});
        s.template add<std::set<int>>({5, 1, 3});
        s.template add<std::unordered_set<std::string>>({"x", "y"});
        s.template add<std::multiset<std::string>>({"same", "same", "other"});
        s.template add<std::map<int, bool>>({{1, true}, {2, false}});
    }
};

struct optional_family
{
    using types = std::tuple<std::optional<int>, std::optional<std::string>, std::optional<std::vector<int>>,
                             std::optional<std::optional<bool>>, std::optional<point>>;
    template <class Sink>
    static void samples(Sink& s)
    {
        s.template add<std::optional<int>>(42);
        s.template add<std::optional<int>>(std::nullopt);
        s.template add<std::optional<std::string>>("present");
        s.template add<std::optional<std::vector<int>>>(std::vector<int>{7, 8});
        s.template add<std::optional<std::optional<bool>>>(std::optional<bool>(false));
        s.template add<std::optional<std::optional<bool>>>(std::optional<bool>());
        s.template add<std::optional<point>>(point{9, 10});
    }
};

struct variant_family
{
    using types = std::tuple<std::variant<int, std::string>, std::variant<std::monostate, double, std::vector<std::string>>,
                             std::variant<bool, std::optional<int>, std::map<int, int>>>;
    template <class Sink>
    static void samples(Sink& s)
    {
        s.template add<std::variant<int, std::string>>(5);
        s.template add<std::variant<int, std::string>>("text");
        s.template add<std::variant<std::monostate, double, std::vector<std::string>>>(std::monostate{});
        s.template add<std::variant<std::monostate, double, std::vector<std::string>>>(2.5);
        s.template add<std::variant<std::monostate, double, std::vector<std::string>>>(
            std::vector<std::string>{"p", "q"});
        s.template add<std::variant<bool, std::optional<int>, std::map<int, int>>>(std::optional<int>(3));
        s.template add<std::variant<bool, std::optional<int>, std::map<int, int>>>(std::map<int, int>{{1, 2}});
    }
};

struct tuple_family
{
    using types = std::tuple<std::pair<int, std::string>, std::tuple<>, std::tuple<bool, std::string, double>,
                             std::tuple<std::vector<int>, std::map<std::string, std::string>, std::optional<char>>>;
    template <class Sink>
    static void samples(Sink& s)
    {
        s.template add<std::pair<int, std::string>>({1, "one"});
        s.template add<std::tuple<>>({});
        s.template add<std::tuple<bool, std::string, double>>({true, "t", 0.25});
        s.template add<std::tuple<std::vector<int>, std::map<std::string, std::string>, std::optional<char>>>(
            {{1, 2}, {{"k", "v"}}, 'c'});
    }
};

struct aggregate_family
{
    using types = std::tuple<point, order_line, order, nothing, journal>;
    template <class Sink>
    static void samples(Sink& s)
    {
        s.template add<point>({1, 2});
        s.template add<order_line>({"sku-1", 3, 9.99, false, std::nullopt});
        s.template add<order_line>({"sku-2", 1, 0.5, true, "wrap it"});
        s.template add<order>({77, {{"a", 1, 1.0, false, {}}, {"b", 2, 2.0, true, "n"}}, {5, 6}, colour::green,
                               {{"channel", "web"}}});
        s.template add<nothing>({});
        s.template add<journal>(journal(3, {"opened", "closed"}));
    }
};

using nested_map = std::map<std::string, std::vector<std::optional<std::pair<int, std::string>>>>;

struct nested_family
{
    using types = std::tuple<std::vector<std::vector<int>>, nested_map, std::list<std::array<std::string, 2>>,
                             std::map<std::string, std::variant<int, std::vector<std::string>>>,
                             std::forward_list<std::set<int>>, std::vector<std::map<int, std::vector<order_line>>>>;
    template <class Sink>
    static void samples(Sink& s)
    {
        s.template add<std::vector<std::vector<int>>>({{1}, {}, {2, 3}});
        s.template add<nested_map>({{"a", {std::pair<int, std::string>{1, "x"}, std::nullopt}}, {"b", {}}});
        s.template add<std::list<std::array<std::string, 2>>>({{"k", "v"}, {"", "w"}});
        s.template add<std::map<std::string, std::variant<int, std::vector<std::string>>>>(
            {{"n", 1}, {"list", std::vector<std::string>{"a", "b"}}});
        s.template add<std::forward_list<std::set<int>>>({{1, 2}, {}, {3}});
        s.template add<std::vector<std::map<int, std::vector<order_line>>>>(
            {{{1, {{"s", 1, 1.0, false, {}}}}}, {}});
    }
};

} // namespace freethreading_fuzz

#endif // FREETHREADING_TEST_FUZZ_CODEC_FAMILIES_HPP
