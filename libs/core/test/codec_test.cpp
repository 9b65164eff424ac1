//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The codec (DESIGN §5): which types the portability contract accepts, round
// trips of every accepted family, and decoding of bad bytes.

#include <freethreading/core/codec.hpp>
#include <freethreading/core/errors.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <atomic>
#include <bitset>
#include <chrono>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <forward_list>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

namespace ft = freethreading;
namespace d = freethreading::detail;

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

namespace {

struct point
{
    int a;
    double b;
    std::string c;
    bool operator==(const point&) const = default;
};

struct document
{
    std::string title;
    std::vector<int> pages;
    point origin;
    bool operator==(const document&) const = default;
};

struct raw_point
{
    std::int32_t x;
    float y;
    std::int16_t z;
    bool operator==(const raw_point&) const = default;
};

struct flags
{
    bool on;
    int level;
    bool operator==(const flags&) const = default;
};

struct with_const
{
    const int id;
    std::string name;
    bool operator==(const with_const&) const = default;
};

struct empty
{
    bool operator==(const empty&) const = default;
};

// Rule 5, with private members and a C array.
class sample_record
{
public:
    sample_record() = default;
    sample_record(int id, std::string name) : id_(id), name_(std::move(name)) {}

    template <class Archive>
    void serialize(Archive& ar, unsigned)
    {
        ar & id_ & name_ & samples_ & tags_;
    }

    void add(double s, std::string tag)
    {
        samples_[tags_.size() % 3] = s;
        tags_.push_back(std::move(tag));
    }
    bool operator==(const sample_record&) const = default;

private:
    int id_ = 0;
    std::string name_;
    double samples_[3] = {};
    std::vector<std::string> tags_;
};

// Rule 5 that writes nothing still takes a byte.
struct nothing_to_save
{
    template <class Archive>
    void serialize(Archive&, unsigned)
    {
    }
    bool operator==(const nothing_to_save&) const = default;
};

// An aggregate PFR cannot reflect (C array) made serializable by serialize.
struct tagged
{
    int tag[2];
    std::string text;
    template <class Archive>
    void serialize(Archive& ar, unsigned)
    {
        ar & tag & text;
    }
    bool operator==(const tagged&) const = default;
};

// Rule 6: private members, no default constructor.
class celsius
{
public:
    explicit celsius(double v) : v_(v) {}
    bool operator==(const celsius&) const = default;

private:
    double v_;
};

struct bits
{
    unsigned a : 3;
    unsigned b : 5;
    bool operator==(const bits&) const = default;
};

struct base
{
    int x;
};
struct derived_raw : base
{
    int y;
};
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

template <class T>
T round_trip(const T& value)
{
    d::byte_buffer buffer;
    d::encode(value, buffer);
    BOOST_TEST(buffer.size() == d::encoded_size(value));
    BOOST_TEST(buffer.size() >= d::min_encoded_size<T>());
    return d::decode<T>(buffer.bytes());
}

template <class T>
void check_round_trip(const T& value)
{
    BOOST_TEST((round_trip(value) == value));
}

template <class T>
d::byte_buffer encoded(const T& value)
{
    d::byte_buffer buffer;
    d::encode(value, buffer);
    return buffer;
}

template <class T>
bool rejects(std::span<const std::byte> bytes)
{
    try {
        (void)d::decode<T>(bytes);
    } catch (const ft::decode_error&) {
        return true;
    }
    return false;
}

template <class T>
std::vector<std::byte> bytes_of(const T& value)
{
    std::vector<std::byte> out(sizeof value);
    std::memcpy(out.data(), &value, sizeof value);
    return out;
}

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
static_assert(d::rule_of<with_anonymous_union>() == d::codec_rule::trivially_copyable);
static_assert(ft::serializable<shared_slot>);
static_assert(ft::serializable<std::monostate>);
static_assert(ft::serializable<std::map<std::string, std::vector<std::optional<std::pair<int, std::string>>>>>);
static_assert(ft::serializable<decltype(capture_less)>); // rule 6; the callable rule is the pools'

// Which rule takes what, and which are one memcpy.
static_assert(d::rule_of<point>() == d::codec_rule::aggregate);
static_assert(d::rule_of<tagged>() == d::codec_rule::member_serialize);
static_assert(d::rule_of<bits>() == d::codec_rule::trivially_copyable);
static_assert(d::rule_of<std::array<int, 2>>() == d::codec_rule::standard);
static_assert(d::rule_of<shared_slot>() == d::codec_rule::custom);
static_assert(d::is_raw<raw_point>() && d::is_raw<std::array<raw_point, 4>>());
static_assert(d::is_raw<std::complex<double>>() && d::is_raw<std::chrono::seconds>());
static_assert(!d::is_raw<flags>() && !d::is_raw<bool>() && !d::is_raw<point>());
static_assert(d::min_encoded_size<empty>() == 1 && d::min_encoded_size<std::tuple<>>() == 1);
static_assert(d::min_encoded_size<nothing_to_save>() == 1);
static_assert(d::min_encoded_size<std::array<std::string, 0>>() == 1);
static_assert(d::min_encoded_size<point>() == sizeof(int) + sizeof(double) + 8);

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
    const d::byte_buffer b = encoded(v);
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

BOOST_AUTO_TEST_CASE(customization_points)
{
    const shared_slot s{0x01020304};
    const d::byte_buffer b = encoded(s);
    std::uint32_t raw = 0;
    std::memcpy(&raw, b.data(), 4);
    BOOST_TEST(raw == (0x01020304u ^ slot_mask)); // its codec_traits, not rule 3
    check_round_trip(s);
    check_round_trip(std::vector<shared_slot>{{1}, {2}});
}

BOOST_AUTO_TEST_CASE(encode_appends_and_reader_continues)
{
    d::byte_buffer buffer;
    d::encode(std::string("first"), buffer);
    d::encode(42, buffer);
    d::byte_reader in(buffer.data(), buffer.size());
    BOOST_TEST(d::decode<std::string>(in) == "first");
    BOOST_TEST(d::decode<int>(in) == 42);
    BOOST_TEST(in.empty());

    // After a char the raw run is misaligned: the decoder copies it bytewise.
    const std::vector<std::int64_t> v{1, -2, 3};
    const std::vector<raw_point> points{{1, 2, 3}, {4, 5, 6}};
    buffer.clear();
    d::encode('c', buffer);
    d::encode(v, buffer);
    d::encode(points, buffer);
    d::byte_reader odd(buffer.data(), buffer.size());
    BOOST_TEST(d::decode<char>(odd) == 'c');
    BOOST_TEST((d::decode<std::vector<std::int64_t>>(odd) == v));
    BOOST_TEST((d::decode<std::vector<raw_point>>(odd) == points));
    BOOST_TEST(odd.empty());
}

BOOST_AUTO_TEST_CASE(byte_buffer_reuse)
{
    d::byte_buffer buffer;
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
    d::byte_buffer moved(std::move(buffer));
    BOOST_TEST(moved.capacity() == capacity);
    BOOST_TEST(buffer.capacity() == 0u);
}

BOOST_AUTO_TEST_CASE(every_truncation_is_rejected)
{
    const document doc{"title", {1, 2, 3}, {4, 5.5, "origin"}};
    const d::byte_buffer full = encoded(doc);
    for (std::size_t n = 0; n != full.size(); ++n)
        BOOST_TEST(rejects<document>(full.bytes().first(n)));
    const auto m = std::map<int, std::set<std::string>>{{1, {"a", "b"}}, {2, {}}};
    const d::byte_buffer fm = encoded(m);
    for (std::size_t n = 0; n != fm.size(); ++n)
        BOOST_TEST(rejects<decltype(m)>(fm.bytes().first(n)));
}

BOOST_AUTO_TEST_CASE(trailing_bytes_are_rejected_by_the_span_overload)
{
    d::byte_buffer b = encoded(std::string("abc"));
    b.put(std::byte{0});
    BOOST_TEST(rejects<std::string>(b.bytes()));
    d::byte_reader in(b.bytes());
    BOOST_TEST(d::decode<std::string>(in) == "abc");
    BOOST_TEST(in.remaining() == 1u);
}

BOOST_AUTO_TEST_CASE(huge_corrupted_length_allocates_nothing)
{
    d::byte_buffer b;
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
    (void)d::decode<std::vector<std::int64_t>>(encoded(thousand).bytes());
    BOOST_TEST(largest_allocation.load() >= 8000u);
    try {
        (void)d::decode<std::vector<std::int64_t>>(b.bytes());
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
    d::byte_buffer b;
    d::encode(std::vector<std::pair<int, int>>{{1, 10}, {1, 11}}, b);
    BOOST_TEST((rejects<std::map<int, int>>(b.bytes())));
    BOOST_TEST((rejects<std::unordered_map<int, int>>(b.bytes())));
    BOOST_TEST((!rejects<std::multimap<int, int>>(b.bytes())));
    b.clear();
    d::encode(std::vector<int>{5, 5}, b);
    BOOST_TEST(rejects<std::set<int>>(b.bytes()));
    BOOST_TEST(!rejects<std::multiset<int>>(b.bytes()));

    // Unused bits of packed booleans must be zero.
    d::byte_buffer bits = encoded(std::vector<bool>{true, false, true});
    bits.data()[8] |= std::byte{0x80};
    BOOST_TEST(rejects<std::vector<bool>>(bits.bytes()));
    d::byte_buffer set = encoded(std::bitset<4>{});
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
    d::byte_buffer b;
    bool rejected = false;
    try {
        d::encode(v, b);
    } catch (const std::invalid_argument&) {
        rejected = true;
    }
    BOOST_TEST(rejected);
}
