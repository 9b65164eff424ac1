//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_DECODE_HPP
#define FREETHREADING_CORE_CODEC_DECODE_HPP

// Decoding: the mirror of encode.hpp, with every read bounds-checked by
// byte_reader. Bytes that did not come from encode<T> (truncated, corrupted,
// or from another type) raise decode_error; they never read out of bounds,
// and a corrupted count never makes a decoder allocate for more elements than
// the remaining bytes can hold at min_encoded_size each (fwd.hpp). Values
// with invalid representations are rejected too: a bool byte other than 0 or
// 1, an optional flag other than 0 or 1, a variant index out of range, a
// duplicate key in a map or set. The unchecked rule-6 classes and enums are
// taken as their bytes, as encoded.

#include <freethreading/core/codec/archive.hpp>
#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/diagnose.hpp>
#include <freethreading/core/codec/fwd.hpp>
#include <freethreading/core/codec/reflect.hpp>
#include <freethreading/core/codec/rules.hpp>
#include <freethreading/core/codec/serializable.hpp>
#include <freethreading/core/config.hpp>
#include <freethreading/core/errors.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <span>
#include <type_traits>
#include <typeinfo>

namespace freethreading::detail {

/** Throws decode_error: `what` was followed by `extra` unread bytes. */
[[noreturn]] FREETHREADING_CORE_DECL void throw_trailing(const std::type_info& what,
                                                         std::size_t extra, std::size_t size);

/** Throws a decode_error whose message says that decoding `outer` failed
    because of `inner` (a decode_error from a part of it). */
[[noreturn]] FREETHREADING_CORE_DECL void rethrow_decode_error(const std::type_info& outer,
                                                               const std::exception& inner);

template <class T, class... Fs>
T decode_fields(byte_reader& in, type_list<Fs...>)
{
    // The elements of a braced initializer list are evaluated in order.
    return T{decode_value<std::remove_cv_t<Fs>>(in)...};
}

template <class T>
T decode_value(byte_reader& in)
{
    using U = std::remove_cv_t<T>;
    constexpr codec_rule rule = rule_of<U>();
    if constexpr (is_raw<U>()) {
        return in.get<U>(typeid(U));
    } else if constexpr (std::is_same_v<U, bool>) {
        const auto byte = in.get<std::uint8_t>(typeid(bool));
        if (byte > 1)
            in.fail("a bool byte is neither 0 nor 1", typeid(bool));
        return byte != 0;
    } else if constexpr (std::is_enum_v<U>) {
        return static_cast<U>(decode_value<std::underlying_type_t<U>>(in)); // over bool
    } else if constexpr (rule == codec_rule::custom) {
        return codec_traits<U>::decode(in);
    } else if constexpr (rule == codec_rule::standard) {
        return std_codec<U>::decode(in);
    } else if constexpr (rule == codec_rule::member_serialize) {
        U value{};
        const std::size_t before = in.position();
        input_archive archive(in);
        value.serialize(archive, 0u);
        if (in.position() == before)
            in.take(1, typeid(U)); // the byte encode wrote for an empty serialize
        return value;
    } else if constexpr (rule == codec_rule::aggregate) {
        if constexpr (field_count_v<U> == 0) {
            in.take(1, typeid(U));
            return U{};
        } else {
            return decode_fields<U>(in, field_types_t<U>{});
        }
    } else {
        require_serializable<U>();
        std::abort();
    }
}

/** Decodes one `T` from `in`, as `encode` wrote it, and moves `in` past it.

    @par Thread Safety
    Distinct readers: safe.

    @par Exception Safety
    Strong for `T`; `in` is left somewhere inside the bad record.

    @throws decode_error naming `T` and the part that failed when the bytes are
    truncated or malformed; std::bad_alloc.
*/
template <serializable T>
T decode(byte_reader& in)
{
    try {
        return decode_value<T>(in);
    } catch (const decode_error& e) {
        rethrow_decode_error(typeid(T), e);
    }
}

/** Decodes one `T` that must take all of `bytes`.

    @throws decode_error as `decode(byte_reader&)`, and when bytes are left
    over after the value.
*/
template <serializable T>
T decode(std::span<const std::byte> bytes)
{
    byte_reader in(bytes);
    T value = decode<T>(in);
    if (!in.empty())
        throw_trailing(typeid(T), in.remaining(), in.size());
    return value;
}

// What the rejecting overloads below return: something a function may return,
// so that the declaration is valid and the body can say what is wrong.
template <class T>
using rejected_result_t =
    std::conditional_t<std::is_array_v<T> || std::is_function_v<T> || std::is_abstract_v<T>,
                       void, T>;

// Selected instead of the overloads above for a type that is not
// serializable, so that the error is the rule it breaks (diagnose.hpp).
template <class T>
    requires(!serializable<T>)
rejected_result_t<T> decode(byte_reader&)
{
    require_serializable<T>();
    std::abort();
}

template <class T>
    requires(!serializable<T>)
rejected_result_t<T> decode(std::span<const std::byte>)
{
    require_serializable<T>();
    std::abort();
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_DECODE_HPP
