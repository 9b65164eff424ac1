//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_BITS_HPP
#define FREETHREADING_CORE_CODEC_BITS_HPP

// Rule 4, packed booleans: std::vector<bool> and std::bitset.
//
// Format: eight bits a byte, low bit first; vector<bool> is preceded by its
// 64-bit bit count, and bitset<0> is one zero byte (every encoding takes a
// byte at least). The decoder requires the unused bits of the last byte to be
// zero, so that each value has exactly one encoding and a flipped padding bit
// is caught as corruption.

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/fwd.hpp>
#include <freethreading/core/codec/sequence.hpp>

#include <bitset>
#include <cstddef>
#include <cstring>
#include <typeinfo>
#include <vector>

namespace freethreading::detail {

template <class A>
struct std_codec<std::vector<bool, A>> : counted_codec_base<std::vector<bool, A>, bool>
{
    using type = std::vector<bool, A>;
    static std::size_t size(const type& v) { return sizeof(length_type) + (v.size() + 7) / 8; }
    static void encode(const type& v, byte_buffer& out)
    {
        put_length(out, v.size());
        std::byte* at = out.extend((v.size() + 7) / 8);
        for (std::size_t i = 0; i < v.size(); i += 8) {
            unsigned bits = 0;
            for (std::size_t j = 0; j != 8 && i + j != v.size(); ++j)
                bits |= static_cast<unsigned>(v[i + j]) << j;
            at[i / 8] = static_cast<std::byte>(bits);
        }
    }
    static type decode(byte_reader& in)
    {
        const auto n = in.get<length_type>(typeid(type));
        if (n / 8 + (n % 8 != 0) > in.remaining())
            in.fail("its bit count needs more bytes than remain", typeid(type));
        const std::size_t bytes = static_cast<std::size_t>(n / 8 + (n % 8 != 0));
        const std::byte* at = in.take(bytes, typeid(type));
        if (n % 8 != 0 && (std::to_integer<unsigned>(at[bytes - 1]) >> (n % 8)) != 0)
            in.fail("the unused bits of its last byte are not zero", typeid(type));
        type v(static_cast<std::size_t>(n));
        for (std::size_t i = 0; i != v.size(); ++i)
            v[i] = ((std::to_integer<unsigned>(at[i / 8]) >> (i % 8)) & 1u) != 0;
        return v;
    }
};

template <std::size_t N>
struct std_codec<std::bitset<N>>
{
    using type = std::bitset<N>;
    using elements = type_list<>;
    static constexpr bool supported = true;
    static constexpr std::size_t bytes = N == 0 ? 1 : (N + 7) / 8;
    static consteval bool decodable() { return true; }
    static consteval bool raw() { return false; }
    static consteval std::size_t min_size() { return bytes; }
    static std::size_t size(const type&) { return bytes; }
    static void encode(const type& b, byte_buffer& out)
    {
        std::byte* at = out.extend(bytes);
        std::memset(at, 0, bytes);
        for (std::size_t i = 0; i != N; ++i)
            if (b[i])
                at[i / 8] |= static_cast<std::byte>(1u << (i % 8));
    }
    static type decode(byte_reader& in)
    {
        const std::byte* at = in.take(bytes, typeid(type));
        if constexpr (N % 8 != 0) {
            if ((std::to_integer<unsigned>(at[bytes - 1]) >> (N % 8)) != 0)
                in.fail("the unused bits of its last byte are not zero", typeid(type));
        }
        type b;
        for (std::size_t i = 0; i != N; ++i)
            b[i] = ((std::to_integer<unsigned>(at[i / 8]) >> (i % 8)) & 1u) != 0;
        return b;
    }
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_BITS_HPP
