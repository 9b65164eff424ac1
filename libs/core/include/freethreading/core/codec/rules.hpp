//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_RULES_HPP
#define FREETHREADING_CORE_CODEC_RULES_HPP

// The portability contract of DESIGN §5 as compile-time queries: which rule
// takes a type (rule_of), whether it is accepted (is_serializable), whether
// its encoding is its bytes (is_raw) and how short it can be
// (min_encoded_size).
//
// The first rule that takes a type decides: an aggregate holding a pointer is
// taken by rule 3 and rejected there; it does not fall through to rule 6
// although it is trivially copyable. The rules are tried in DESIGN's order
// with three refinements:
//
// * a `codec_traits` specialization is tried right after rules 1 and 2: it
//   is an explicit choice by the module that owns the type;
// * the standard types of rule 4 are tried before rule 3, because some of
//   them are aggregates (std::array) whose members are the library's
//   business, not the user's;
// * a `serialize` member (rule 5) is tried before rule 3, because a user who
//   wrote one for an aggregate means it to be used, and it is the way out
//   for an aggregate Boost.PFR cannot reflect (reflect.hpp). This is the one
//   refinement that changes a verdict: an aggregate whose serialize skips a
//   pointer field is accepted, where rule 3 would reject the field.
//
// Rule 6 also requires copy assignment: a lambda's closure type is
// trivially copyable when its captures are, but never copy-assignable when
// it captures anything, and a capture may be a reference. So a capturing
// lambda is rejected, while default constructibility is not required (a
// trivially copyable class need not have a default constructor; decoding
// rebuilds it with std::bit_cast). Rule 6 is the one unchecked rule: such a
// class may hide a pointer in a private member, and the codec copies it.
//
// Not supported: recursive types (a struct holding a std::vector of itself)
// are a compile error, as the concept would have to assume its own answer.

#include <freethreading/core/codec/archive.hpp>
#include <freethreading/core/codec/associative.hpp>
#include <freethreading/core/codec/bits.hpp>
#include <freethreading/core/codec/fwd.hpp>
#include <freethreading/core/codec/reflect.hpp>
#include <freethreading/core/codec/sequence.hpp>
#include <freethreading/core/codec/traits.hpp>
#include <freethreading/core/codec/vocabulary.hpp>

#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>

namespace freethreading::detail {

template <class T, template <class...> class Template>
inline constexpr bool is_instance_of_v = false;
template <template <class...> class Template, class... Args>
inline constexpr bool is_instance_of_v<Template<Args...>, Template> = true;

template <class T>
inline constexpr bool is_span_v = false;
template <class E, std::size_t N>
inline constexpr bool is_span_v<std::span<E, N>> = true;

/** The rule of DESIGN §5 that takes a type, or why none does. */
enum class codec_rule : unsigned char {
    // Rule 1: rejected, whatever they refer to or hold.
    reference,
    pointer,
    member_pointer,
    reference_wrapper,
    string_view,
    span,
    function,
    future,
    smart_pointer,
    process_local,
    volatile_object,
    c_array,
    // Accepted (or rejected by what they hold).
    bytes,              // rule 2
    custom,             // codec_traits
    standard,           // rule 4
    member_serialize,   // rule 5
    aggregate,          // rule 3
    trivially_copyable, // rule 6
    // No rule takes them.
    unreflectable_aggregate,
    copyable_not_assignable,
    no_rule,
};

template <class T>
consteval codec_rule rule_of()
{
    using U = std::remove_cv_t<T>;
    if constexpr (std::is_reference_v<T>)
        return codec_rule::reference;
    else if constexpr (std::is_volatile_v<T>)
        return codec_rule::volatile_object;
    else if constexpr (std::is_pointer_v<U> || std::is_null_pointer_v<U>)
        return codec_rule::pointer;
    else if constexpr (std::is_member_pointer_v<U>)
        return codec_rule::member_pointer;
    else if constexpr (is_instance_of_v<U, std::reference_wrapper>)
        return codec_rule::reference_wrapper;
    else if constexpr (is_instance_of_v<U, std::basic_string_view>)
        return codec_rule::string_view;
    else if constexpr (is_span_v<U>)
        return codec_rule::span;
    else if constexpr (is_instance_of_v<U, std::function>)
        return codec_rule::function;
    else if constexpr (is_instance_of_v<U, std::future> || is_instance_of_v<U, std::shared_future> || is_future_v<U>)
        return codec_rule::future;
    else if constexpr (is_instance_of_v<U, std::unique_ptr> ||
                       is_instance_of_v<U, std::shared_ptr> || is_instance_of_v<U, std::weak_ptr>)
        return codec_rule::smart_pointer;
    else if constexpr (is_process_local_v<U>)
        return codec_rule::process_local;
    else if constexpr (std::is_array_v<U>)
        return codec_rule::c_array;
    else if constexpr (std::is_arithmetic_v<U> || std::is_enum_v<U>)
        return codec_rule::bytes;
    else if constexpr (has_codec_traits<U>)
        return codec_rule::custom;
    else if constexpr (std_codec<U>::supported)
        return codec_rule::standard;
    else if constexpr (has_serialize_member<U>)
        return codec_rule::member_serialize;
    else if constexpr (is_reflectable_aggregate_v<U>)
        return codec_rule::aggregate;
    else if constexpr ((std::is_class_v<U> || std::is_union_v<U>) &&
                       std::is_trivially_copyable_v<U> && std::is_copy_assignable_v<U>)
        return codec_rule::trivially_copyable;
    else if constexpr (std::is_class_v<U> && std::is_aggregate_v<U>)
        return codec_rule::unreflectable_aggregate;
    else if constexpr (std::is_class_v<U> && std::is_copy_constructible_v<U> &&
                       !std::is_copy_assignable_v<U>)
        return codec_rule::copyable_not_assignable;
    else
        return codec_rule::no_rule;
}

template <class... Ts>
consteval bool all_serializable(type_list<Ts...>)
{
    return (is_serializable<Ts>() && ...);
}

template <class... Ts>
consteval bool all_raw(type_list<Ts...>)
{
    return (is_raw<Ts>() && ...);
}

template <class... Ts>
consteval std::size_t sum_of_min_sizes(type_list<Ts...>)
{
    return (std::size_t{0} + ... + min_encoded_size<Ts>());
}

template <class T>
consteval bool is_serializable()
{
    using U = std::remove_cv_t<T>;
    constexpr codec_rule rule = rule_of<T>();
    if constexpr (rule == codec_rule::bytes || rule == codec_rule::custom ||
                  rule == codec_rule::trivially_copyable)
        return true;
    else if constexpr (rule == codec_rule::standard)
        return std_codec<U>::decodable() && all_serializable(typename std_codec<U>::elements{});
    else if constexpr (rule == codec_rule::member_serialize)
        return std::is_default_constructible_v<U> && std::is_move_constructible_v<U>;
    else if constexpr (rule == codec_rule::aggregate)
        return all_serializable(field_types_t<U>{});
    else
        return false;
}

template <class T>
consteval bool is_raw()
{
    using U = std::remove_cv_t<T>;
    constexpr codec_rule rule = rule_of<T>();
    if constexpr (rule == codec_rule::bytes && std::is_enum_v<U>)
        return is_raw<std::underlying_type_t<U>>(); // not an enum over bool
    else if constexpr (rule == codec_rule::bytes)
        return !std::is_same_v<U, bool>; // a bool byte other than 0 or 1 must be caught
    else if constexpr (rule == codec_rule::trivially_copyable)
        return true;
    else if constexpr (rule == codec_rule::standard)
        return is_serializable<U>() && std_codec<U>::raw();
    else if constexpr (rule == codec_rule::aggregate)
        return std::is_trivially_copyable_v<U> && all_raw(field_types_t<U>{});
    else
        return false;
}

template <class T>
consteval std::size_t min_encoded_size()
{
    using U = std::remove_cv_t<T>;
    constexpr codec_rule rule = rule_of<T>();
    if constexpr (is_raw<U>()) {
        return sizeof(U);
    } else if constexpr (rule == codec_rule::custom) {
        constexpr std::size_t n = codec_traits<U>::min_encoded_size;
        static_assert(n >= 1, "freethreading: codec_traits<T>::min_encoded_size must be at least 1");
        return n;
    } else if constexpr (rule == codec_rule::standard) {
        return std_codec<U>::min_size();
    } else if constexpr (rule == codec_rule::aggregate) {
        // Fields take a byte at least, so 0 means no field: one padding byte.
        constexpr std::size_t n = sum_of_min_sizes(field_types_t<U>{});
        return n == 0 ? 1 : n;
    } else {
        // bool, and rule 5, whose encoders write a byte when serialize writes none.
        return 1;
    }
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_RULES_HPP
