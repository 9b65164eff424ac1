//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_SEQUENCE_HPP
#define FREETHREADING_CORE_CODEC_SEQUENCE_HPP

// Rule 4, sequences: std::basic_string, std::vector, std::deque, std::list,
// std::forward_list and std::array (vector<bool> and bitset: bits.hpp).
//
// Format: a 64-bit element count, then the elements in order. A run of raw
// elements in contiguous storage (string, vector) is one memcpy each way.
// std::array has no count, and an empty one is one zero byte, so that every
// encoding takes a byte at least (fwd.hpp, min_encoded_size).

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/fwd.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <forward_list>
#include <iterator>
#include <list>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <vector>

namespace freethreading::detail {

/** Count then elements, from contiguous storage. */
template <class E>
void encode_contiguous(const E* data, std::size_t count, byte_buffer& out)
{
    if constexpr (is_raw<E>()) {
        // One capacity check and two copies, the shape of a hand-written memcpy.
        const std::size_t bytes = count * sizeof(E);
        std::byte* at = out.extend(sizeof(length_type) + bytes);
        const auto n = static_cast<length_type>(count);
        std::memcpy(at, &n, sizeof n);
        if (bytes != 0)
            std::memcpy(at + sizeof n, data, bytes);
    } else {
        put_length(out, count);
        for (std::size_t i = 0; i != count; ++i)
            encode_value(data[i], out);
    }
}

/** Count then elements, from any range. */
template <class E, class Range>
void encode_counted(const Range& range, std::size_t count, byte_buffer& out)
{
    put_length(out, count);
    for (const E& element : range)
        encode_value(element, out);
}

template <class E, class Range>
std::size_t counted_size(const Range& range, std::size_t count)
{
    if constexpr (is_raw<E>()) {
        return sizeof(length_type) + count * sizeof(E);
    } else {
        std::size_t size = sizeof(length_type);
        for (const E& element : range)
            size += value_size(element);
        return size;
    }
}

/** What every counted container's codec shares. */
template <class C, class E>
struct counted_codec_base
{
    using type = C;
    using elements = type_list<E>;
    static constexpr bool supported = true;
    static consteval bool decodable() { return std::is_default_constructible_v<C>; }
    static consteval bool raw() { return false; }
    static consteval std::size_t min_size() { return sizeof(length_type); }
};

/** deque and list: elements appended one by one. */
template <class C, class E = typename C::value_type>
struct appending_codec : counted_codec_base<C, E>
{
    static std::size_t size(const C& c) { return counted_size<E>(c, c.size()); }
    static void encode(const C& c, byte_buffer& out) { encode_counted<E>(c, c.size(), out); }
    static C decode(byte_reader& in)
    {
        const std::size_t n = in.get_count(min_encoded_size<E>(), typeid(C));
        C c;
        for (std::size_t i = 0; i != n; ++i)
            c.push_back(decode_value<E>(in));
        return c;
    }
};

template <class Ch, class Tr, class A>
struct std_codec<std::basic_string<Ch, Tr, A>>
    : counted_codec_base<std::basic_string<Ch, Tr, A>, Ch>
{
    using type = std::basic_string<Ch, Tr, A>;
    static consteval bool decodable()
    {
        return is_raw<Ch>() && std::is_default_constructible_v<A>;
    }
    static std::size_t size(const type& s) { return sizeof(length_type) + s.size() * sizeof(Ch); }
    static void encode(const type& s, byte_buffer& out) { encode_contiguous(s.data(), s.size(), out); }
    static type decode(byte_reader& in)
    {
        const std::size_t n = in.get_count(sizeof(Ch), typeid(type));
        const std::byte* at = in.take(n * sizeof(Ch), typeid(type));
        if constexpr (std::is_same_v<Ch, char>) {
            // Reading bytes through char is always allowed; one allocation.
            return type(reinterpret_cast<const char*>(at), n);
        } else {
            // Wider characters may be misaligned in the buffer: copy the bytes.
            type s(n, Ch());
            if (n != 0)
                std::memcpy(s.data(), at, n * sizeof(Ch));
            return s;
        }
    }
};

template <class E, class A>
struct std_codec<std::vector<E, A>> : counted_codec_base<std::vector<E, A>, E>
{
    using type = std::vector<E, A>;
    static std::size_t size(const type& v) { return counted_size<E>(v, v.size()); }
    static void encode(const type& v, byte_buffer& out) { encode_contiguous(v.data(), v.size(), out); }
    static type decode(byte_reader& in)
    {
        const std::size_t n = in.get_count(min_encoded_size<E>(), typeid(type));
        if constexpr (is_raw<E>() && std::is_copy_constructible_v<E> &&
                      std::is_default_constructible_v<E> && std::is_copy_assignable_v<E>) {
            const std::byte* at = in.take(n * sizeof(E), typeid(type));
            if (reinterpret_cast<std::uintptr_t>(at) % alignof(E) == 0) {
                // The usual case (a raw run follows an 8-byte count): building
                // from the range is one allocation and one memmove, where
                // v(n) would zero the elements first. The range is only
                // copied, and it is aligned, so it is valid as E objects.
                const auto* first = reinterpret_cast<const E*>(at);
                return type(first, first + n);
            }
            type v(n);
            if (n != 0)
                std::memcpy(static_cast<void*>(v.data()), at, n * sizeof(E));
            return v;
        } else {
            type v;
            v.reserve(n);
            for (std::size_t i = 0; i != n; ++i)
                v.push_back(decode_value<E>(in));
            return v;
        }
    }
};

template <class E, class A>
struct std_codec<std::deque<E, A>> : appending_codec<std::deque<E, A>>
{
};

template <class E, class A>
struct std_codec<std::list<E, A>> : appending_codec<std::list<E, A>>
{
};

template <class E, class A>
struct std_codec<std::forward_list<E, A>> : counted_codec_base<std::forward_list<E, A>, E>
{
    using type = std::forward_list<E, A>;
    static std::size_t count(const type& l)
    {
        return static_cast<std::size_t>(std::distance(l.begin(), l.end()));
    }
    static std::size_t size(const type& l) { return counted_size<E>(l, count(l)); }
    static void encode(const type& l, byte_buffer& out) { encode_counted<E>(l, count(l), out); }
    static type decode(byte_reader& in)
    {
        const std::size_t n = in.get_count(min_encoded_size<E>(), typeid(type));
        type l;
        auto tail = l.before_begin();
        for (std::size_t i = 0; i != n; ++i)
            tail = l.insert_after(tail, decode_value<E>(in));
        return l;
    }
};

// A raw std::array never gets here: the dispatcher copies it whole.
template <class E, std::size_t N>
struct std_codec<std::array<E, N>>
{
    using type = std::array<E, N>;
    using elements = type_list<E>;
    static constexpr bool supported = true;
    static consteval bool decodable()
    {
        return std::is_default_constructible_v<E> && std::is_move_assignable_v<E>;
    }
    static consteval bool raw() { return is_raw<E>(); }
    static consteval std::size_t min_size() { return N == 0 ? 1 : N * min_encoded_size<E>(); }
    static std::size_t size(const type& a)
    {
        std::size_t size = N == 0 ? 1 : 0;
        for (const E& element : a)
            size += value_size(element);
        return size;
    }
    static void encode(const type& a, byte_buffer& out)
    {
        if constexpr (N == 0)
            out.put(std::byte{0});
        for (const E& element : a)
            encode_value(element, out);
    }
    static type decode(byte_reader& in)
    {
        if constexpr (N == 0)
            in.take(1, typeid(type));
        type a;
        for (E& element : a)
            element = decode_value<E>(in);
        return a;
    }
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_SEQUENCE_HPP
