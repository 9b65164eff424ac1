//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_VOCABULARY_HPP
#define FREETHREADING_CORE_CODEC_VOCABULARY_HPP

// Rule 4, vocabulary types: std::pair, std::tuple, std::optional,
// std::variant, std::chrono::duration, std::chrono::time_point and
// std::complex. (std::monostate is an empty aggregate: rule 3, one byte.)
//
// Format: pair and tuple are their members in order (an empty tuple is one
// zero byte); optional is a flag byte, 0 or 1, then the value if 1; variant
// is its index (one byte below 255 alternatives, else four) then the active
// alternative; durations are their count, time points their duration since
// the clock's epoch. steady_clock and system_clock have one epoch for the
// whole machine on Linux, so their time points mean the same in every
// process; a user-defined clock with a per-process epoch would not, and
// that is the caller's to know. complex is raw: its two parts, as laid out.

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/fwd.hpp>

#include <array>
#include <chrono>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <variant>

namespace freethreading::detail {

/** pair and tuple: their members in order. */
template <class C, class... Ts>
struct product_codec
{
    using type = C;
    using elements = type_list<Ts...>;
    static constexpr bool supported = true;
    static consteval bool decodable() { return true; }
    static consteval bool raw() { return false; }
    static consteval std::size_t min_size()
    {
        return sizeof...(Ts) == 0 ? 1 : (std::size_t{0} + ... + min_encoded_size<Ts>());
    }
    static std::size_t size(const C& c)
    {
        if constexpr (sizeof...(Ts) == 0)
            return 1;
        else
            return std::apply([](const auto&... m) { return (value_size(m) + ...); }, c);
    }
    static void encode(const C& c, byte_buffer& out)
    {
        if constexpr (sizeof...(Ts) == 0)
            out.put(std::byte{0});
        else
            std::apply([&out](const auto&... m) { (encode_value(m, out), ...); }, c);
    }
    static C decode(byte_reader& in)
    {
        if constexpr (sizeof...(Ts) == 0) {
            in.take(1, typeid(C));
            return C{};
        } else {
            // The elements of a braced initializer list are evaluated in order.
            return C{decode_value<Ts>(in)...};
        }
    }
};

template <class A, class B>
struct std_codec<std::pair<A, B>> : product_codec<std::pair<A, B>, A, B>
{
};

template <class... Ts>
struct std_codec<std::tuple<Ts...>> : product_codec<std::tuple<Ts...>, Ts...>
{
};

template <class T>
struct std_codec<std::optional<T>>
{
    using type = std::optional<T>;
    using elements = type_list<T>;
    static constexpr bool supported = true;
    static consteval bool decodable() { return true; }
    static consteval bool raw() { return false; }
    static consteval std::size_t min_size() { return 1; }
    static std::size_t size(const type& o) { return 1 + (o ? value_size(*o) : 0); }
    static void encode(const type& o, byte_buffer& out)
    {
        out.put(static_cast<std::uint8_t>(o.has_value()));
        if (o)
            encode_value(*o, out);
    }
    static type decode(byte_reader& in)
    {
        const auto flag = in.get<std::uint8_t>(typeid(type));
        if (flag > 1)
            in.fail("its presence flag is neither 0 nor 1", typeid(type));
        if (flag == 0)
            return std::nullopt;
        return type(std::in_place, decode_value<T>(in));
    }
};

template <class... Ts>
struct std_codec<std::variant<Ts...>>
{
    using type = std::variant<Ts...>;
    using elements = type_list<Ts...>;
    using index_type = std::conditional_t<(sizeof...(Ts) < 255), std::uint8_t, std::uint32_t>;
    static constexpr bool supported = true;
    static consteval bool decodable() { return true; }
    static consteval bool raw() { return false; }
    static consteval std::size_t min_size()
    {
        std::size_t least = min_encoded_size<std::variant_alternative_t<0, type>>();
        ((least = least < min_encoded_size<Ts>() ? least : min_encoded_size<Ts>()), ...);
        return sizeof(index_type) + least;
    }
    static std::size_t size(const type& v)
    {
        return sizeof(index_type) + std::visit([](const auto& a) { return value_size(a); }, v);
    }
    static void encode(const type& v, byte_buffer& out)
    {
        if (v.valueless_by_exception())
            throw std::invalid_argument(
                "freethreading: a std::variant that is valueless by exception cannot be encoded");
        out.put(static_cast<index_type>(v.index()));
        std::visit([&out](const auto& a) { encode_value(a, out); }, v);
    }
    template <std::size_t I>
    static type decode_alternative(byte_reader& in)
    {
        return type(std::in_place_index<I>, decode_value<std::variant_alternative_t<I, type>>(in));
    }
    static type decode(byte_reader& in)
    {
        constexpr auto table = []<std::size_t... I>(std::index_sequence<I...>) {
            return std::array<type (*)(byte_reader&), sizeof...(I)>{&decode_alternative<I>...};
        }(std::index_sequence_for<Ts...>{});
        const auto index = in.get<index_type>(typeid(type));
        if (index >= sizeof...(Ts))
            in.fail("its alternative index is out of range", typeid(type));
        return table[index](in);
    }
};

template <class Rep, class Period>
struct std_codec<std::chrono::duration<Rep, Period>>
{
    using type = std::chrono::duration<Rep, Period>;
    using elements = type_list<Rep>;
    static constexpr bool supported = true;
    static consteval bool decodable() { return true; }
    static consteval bool raw() { return is_raw<Rep>(); }
    static consteval std::size_t min_size() { return min_encoded_size<Rep>(); }
    static std::size_t size(const type& d) { return value_size(d.count()); }
    static void encode(const type& d, byte_buffer& out) { encode_value(d.count(), out); }
    static type decode(byte_reader& in) { return type(decode_value<Rep>(in)); }
};

template <class Clock, class Duration>
struct std_codec<std::chrono::time_point<Clock, Duration>>
{
    using type = std::chrono::time_point<Clock, Duration>;
    using elements = type_list<Duration>;
    static constexpr bool supported = true;
    static consteval bool decodable() { return true; }
    static consteval bool raw() { return is_raw<Duration>(); }
    static consteval std::size_t min_size() { return min_encoded_size<Duration>(); }
    static std::size_t size(const type& t) { return value_size(t.time_since_epoch()); }
    static void encode(const type& t, byte_buffer& out) { encode_value(t.time_since_epoch(), out); }
    static type decode(byte_reader& in) { return type(decode_value<Duration>(in)); }
};

template <class F>
struct std_codec<std::complex<F>>
{
    using type = std::complex<F>;
    using elements = type_list<F>;
    static constexpr bool supported = true;
    static consteval bool decodable() { return true; }
    static consteval bool raw() { return is_raw<F>(); }
    static consteval std::size_t min_size() { return 2 * min_encoded_size<F>(); }
    static std::size_t size(const type& c) { return value_size(c.real()) + value_size(c.imag()); }
    static void encode(const type& c, byte_buffer& out)
    {
        encode_value(c.real(), out);
        encode_value(c.imag(), out);
    }
    static type decode(byte_reader& in)
    {
        F re = decode_value<F>(in);
        F im = decode_value<F>(in);
        return type(re, im);
    }
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_VOCABULARY_HPP
