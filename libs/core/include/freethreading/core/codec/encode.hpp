//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_ENCODE_HPP
#define FREETHREADING_CORE_CODEC_ENCODE_HPP

// Encoding: one compile-time dispatch per type on the rule that takes it
// (rules.hpp), with no virtual call or type erasure on the way, so that the
// whole encoder of a type inlines into its caller.
//
// The bytes are native byte order with 64-bit lengths: they only ever travel
// between processes of one program on one machine, so they need no
// portability, only speed and a length check on the way back (decode.hpp).

#include <freethreading/core/codec/archive.hpp>
#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/diagnose.hpp>
#include <freethreading/core/codec/fwd.hpp>
#include <freethreading/core/codec/reflect.hpp>
#include <freethreading/core/codec/rules.hpp>
#include <freethreading/core/codec/serializable.hpp>

#include <boost/pfr/core.hpp>

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

template <class T, std::size_t... I>
void encode_fields(const T& value, byte_buffer& out, std::index_sequence<I...>)
{
    (encode_value(boost::pfr::get<I>(value), out), ...);
}

template <class T, std::size_t... I>
std::size_t fields_size(const T& value, std::index_sequence<I...>)
{
    return (std::size_t{0} + ... + value_size(boost::pfr::get<I>(value)));
}

// PFR counts fields its own way; the codec reads field types with its own
// probe. They agree on every aggregate reflect.hpp accepts; this keeps it so.
template <class T>
consteval bool pfr_agrees()
{
    return boost::pfr::tuple_size_v<T> == field_count_v<T>;
}

template <class T>
void encode_value(const T& value, byte_buffer& out)
{
    using U = std::remove_cv_t<T>;
    constexpr codec_rule rule = rule_of<U>();
    if constexpr (is_raw<U>()) {
        out.put(value);
    } else if constexpr (std::is_same_v<U, bool>) {
        out.put(static_cast<std::uint8_t>(value ? 1 : 0));
    } else if constexpr (std::is_enum_v<U>) {
        encode_value(static_cast<std::underlying_type_t<U>>(value), out); // over bool
    } else if constexpr (rule == codec_rule::custom) {
        codec_traits<U>::encode(value, out);
    } else if constexpr (rule == codec_rule::standard) {
        std_codec<U>::encode(value, out);
    } else if constexpr (rule == codec_rule::member_serialize) {
        const std::size_t before = out.size();
        output_archive archive(out);
        // Boost-style serialize is non-const because it loads too; the output
        // archive only reads the members.
        const_cast<U&>(value).serialize(archive, 0u);
        if (out.size() == before)
            out.put(std::byte{0}); // min_encoded_size is 1 (fwd.hpp)
    } else if constexpr (rule == codec_rule::aggregate) {
        static_assert(pfr_agrees<U>());
        if constexpr (field_count_v<U> == 0)
            out.put(std::byte{0});
        else
            encode_fields(value, out, std::make_index_sequence<field_count_v<U>>{});
    } else {
        require_serializable<U>();
    }
}

template <class T>
std::size_t value_size(const T& value)
{
    using U = std::remove_cv_t<T>;
    constexpr codec_rule rule = rule_of<U>();
    if constexpr (is_raw<U>() || std::is_same_v<U, bool> || std::is_enum_v<U>) {
        return sizeof(U);
    } else if constexpr (rule == codec_rule::custom) {
        if constexpr (has_codec_traits_size<U, U>) {
            return codec_traits<U>::encoded_size(value);
        } else {
            byte_buffer scratch;
            codec_traits<U>::encode(value, scratch);
            return scratch.size();
        }
    } else if constexpr (rule == codec_rule::standard) {
        return std_codec<U>::size(value);
    } else if constexpr (rule == codec_rule::member_serialize) {
        size_archive archive;
        const_cast<U&>(value).serialize(archive, 0u);
        return archive.size() == 0 ? 1 : archive.size();
    } else if constexpr (rule == codec_rule::aggregate) {
        if constexpr (field_count_v<U> == 0)
            return 1;
        else
            return fields_size(value, std::make_index_sequence<field_count_v<U>>{});
    } else {
        require_serializable<U>();
        return 0;
    }
}

/** Appends the encoding of `value` to `out`.

    The bytes decode with `decode<T>` in any process of this program on this
    machine; they are not a storage or network format.

    @par Thread Safety
    Distinct buffers: safe. `value` is only read.

    @par Exception Safety
    Basic: on an exception `out` holds a partial encoding after its old
    contents; `clear()` it before reuse.

    @throws std::bad_alloc when the buffer cannot grow; std::invalid_argument
    for a std::variant that is valueless by exception; whatever a
    `codec_traits` encoder throws.
*/
template <serializable T>
void encode(const T& value, byte_buffer& out)
{
    encode_value(value, out);
}

// Selected instead of the one above for a type that is not serializable, so
// that the error is the rule it breaks (diagnose.hpp), not an unsatisfied
// constraint.
template <class T>
    requires(!serializable<T>)
void encode(const T&, byte_buffer&)
{
    require_serializable<T>();
}

/** The number of bytes `encode(value, out)` appends, computed without
    encoding (except for `codec_traits` types that do not say). */
template <serializable T>
std::size_t encoded_size(const T& value)
{
    return value_size(value);
}

template <class T>
    requires(!serializable<T>)
std::size_t encoded_size(const T&)
{
    require_serializable<T>();
    return 0;
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_ENCODE_HPP
