//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_ASSOCIATIVE_HPP
#define FREETHREADING_CORE_CODEC_ASSOCIATIVE_HPP

// Rule 4, associative containers: std::map, std::multimap, std::set,
// std::multiset and their unordered counterparts.
//
// Format: a 64-bit count, then each key (and mapped value) in iteration
// order. Decoding rebuilds the container with default-constructed
// comparator, hash, equality and allocator, so stateful ones are not carried
// over. A duplicate key in the bytes of a map or set (never produced by
// encode, so a sign of corruption) is a decode_error rather than silently
// dropped. Ordered containers are rebuilt with an end hint, which is
// amortized constant time for the sorted order encode writes.

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/fwd.hpp>

#include <cstddef>
#include <map>
#include <set>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace freethreading::detail {

enum class key_rule : unsigned char { unique, repeatable };
enum class key_order : unsigned char { ordered, unordered };

/** Inserts one decoded element and rejects a duplicate where keys are
    unique. */
template <class C, key_rule Keys, key_order Order, class... Args>
void insert_decoded(C& c, byte_reader& in, Args&&... args)
{
    if constexpr (Order == key_order::ordered) {
        const std::size_t before = c.size();
        c.emplace_hint(c.end(), std::forward<Args>(args)...);
        if (Keys == key_rule::unique && c.size() == before)
            in.fail("it holds a duplicate key", typeid(C));
    } else {
        if constexpr (Keys == key_rule::unique) {
            if (!c.emplace(std::forward<Args>(args)...).second)
                in.fail("it holds a duplicate key", typeid(C));
        } else {
            c.emplace(std::forward<Args>(args)...);
        }
    }
}

template <class C, key_rule Keys, key_order Order>
struct map_codec
{
    using type = C;
    using key = typename C::key_type;
    using mapped = typename C::mapped_type;
    using elements = type_list<key, mapped>;
    static constexpr bool supported = true;
    static consteval bool decodable() { return std::is_default_constructible_v<C>; }
    static consteval bool raw() { return false; }
    static consteval std::size_t min_size() { return sizeof(length_type); }

    static std::size_t size(const C& c)
    {
        if constexpr (is_raw<key>() && is_raw<mapped>()) {
            return sizeof(length_type) + c.size() * (sizeof(key) + sizeof(mapped));
        } else {
            std::size_t size = sizeof(length_type);
            for (const auto& [k, v] : c)
                size += value_size(k) + value_size(v);
            return size;
        }
    }

    static void encode(const C& c, byte_buffer& out)
    {
        put_length(out, c.size());
        for (const auto& [k, v] : c) {
            encode_value(k, out);
            encode_value(v, out);
        }
    }

    static C decode(byte_reader& in)
    {
        constexpr std::size_t element_min = min_encoded_size<key>() + min_encoded_size<mapped>();
        const std::size_t n = in.get_count(element_min, typeid(C));
        C c;
        if constexpr (Order == key_order::unordered)
            c.reserve(n);
        for (std::size_t i = 0; i != n; ++i) {
            // Two statements: the key's bytes come first.
            key k = decode_value<key>(in);
            mapped v = decode_value<mapped>(in);
            insert_decoded<C, Keys, Order>(c, in, std::move(k), std::move(v));
        }
        return c;
    }
};

template <class C, key_rule Keys, key_order Order>
struct set_codec
{
    using type = C;
    using key = typename C::key_type;
    using elements = type_list<key>;
    static constexpr bool supported = true;
    static consteval bool decodable() { return std::is_default_constructible_v<C>; }
    static consteval bool raw() { return false; }
    static consteval std::size_t min_size() { return sizeof(length_type); }

    static std::size_t size(const C& c)
    {
        if constexpr (is_raw<key>()) {
            return sizeof(length_type) + c.size() * sizeof(key);
        } else {
            std::size_t size = sizeof(length_type);
            for (const key& k : c)
                size += value_size(k);
            return size;
        }
    }

    static void encode(const C& c, byte_buffer& out)
    {
        put_length(out, c.size());
        for (const key& k : c)
            encode_value(k, out);
    }

    static C decode(byte_reader& in)
    {
        const std::size_t n = in.get_count(min_encoded_size<key>(), typeid(C));
        C c;
        if constexpr (Order == key_order::unordered)
            c.reserve(n);
        for (std::size_t i = 0; i != n; ++i)
            insert_decoded<C, Keys, Order>(c, in, decode_value<key>(in));
        return c;
    }
};

template <class K, class V, class Cmp, class A>
struct std_codec<std::map<K, V, Cmp, A>>
    : map_codec<std::map<K, V, Cmp, A>, key_rule::unique, key_order::ordered>
{
};

template <class K, class V, class Cmp, class A>
struct std_codec<std::multimap<K, V, Cmp, A>>
    : map_codec<std::multimap<K, V, Cmp, A>, key_rule::repeatable, key_order::ordered>
{
};

template <class K, class V, class H, class Eq, class A>
struct std_codec<std::unordered_map<K, V, H, Eq, A>>
    : map_codec<std::unordered_map<K, V, H, Eq, A>, key_rule::unique, key_order::unordered>
{
};

template <class K, class V, class H, class Eq, class A>
struct std_codec<std::unordered_multimap<K, V, H, Eq, A>>
    : map_codec<std::unordered_multimap<K, V, H, Eq, A>, key_rule::repeatable,
                key_order::unordered>
{
};

template <class K, class Cmp, class A>
struct std_codec<std::set<K, Cmp, A>>
    : set_codec<std::set<K, Cmp, A>, key_rule::unique, key_order::ordered>
{
};

template <class K, class Cmp, class A>
struct std_codec<std::multiset<K, Cmp, A>>
    : set_codec<std::multiset<K, Cmp, A>, key_rule::repeatable, key_order::ordered>
{
};

template <class K, class H, class Eq, class A>
struct std_codec<std::unordered_set<K, H, Eq, A>>
    : set_codec<std::unordered_set<K, H, Eq, A>, key_rule::unique, key_order::unordered>
{
};

template <class K, class H, class Eq, class A>
struct std_codec<std::unordered_multiset<K, H, Eq, A>>
    : set_codec<std::unordered_multiset<K, H, Eq, A>, key_rule::repeatable,
                key_order::unordered>
{
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_ASSOCIATIVE_HPP
