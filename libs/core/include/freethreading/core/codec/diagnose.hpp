//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_DIAGNOSE_HPP
#define FREETHREADING_CORE_CODEC_DIAGNOSE_HPP

// The compile error for a type that is not serializable (DESIGN §5).
//
// A failed concept check alone tells the user that `serializable<job>` is
// false, not that `job` holds a `const char*` in its second field. So a
// class or function that needs serializable types does not put the concept
// in its requires clause (that failure would be the first error, and it
// names nothing); it instantiates serializable_check<T> from its body, or
// calls require_serializable<T>(). The check descends only into the parts
// that fail (aggregate fields, container elements, tuple and variant
// alternatives) and stops at the first type rejected on its own, with one
// static_assert per reason, each saying what to pass instead. g++ prints:
//
//   In instantiation of 'struct freethreading::detail::serializable_check<const char*>':
//     required from 'consteval bool freethreading::detail::check_field()
//                    [with Aggregate = job; long unsigned int FieldIndex = 1; FieldType = const char*]'
//     ...
//   error: static assertion failed: freethreading: a raw pointer cannot cross ...
//   note: 'freethreading::detail::type_is_not<const char*, ...::codec_rule::pointer>' evaluates to false
//
// so the first error names the rejected type, and the field (its index and
// type) or the element that holds it, and nothing is said of the parts that
// are fine. The queue checks its items this way, and the executor is to check
// task arguments and results the same way.

#include <freethreading/core/codec/fwd.hpp>
#include <freethreading/core/codec/reflect.hpp>
#include <freethreading/core/codec/rules.hpp>

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

template <class T>
struct serializable_check;

template <class List>
struct type_list_tuple;
template <class... Ts>
struct type_list_tuple<type_list<Ts...>>
{
    using type = std::tuple<Ts...>;
};
template <class List>
using type_list_tuple_t = typename type_list_tuple<List>::type;

/** The condition of each static_assert of serializable_check: a named
    variable, so that g++'s note under the error names the type. */
template <class T, codec_rule Rule>
inline constexpr bool type_is_not = rule_of<T>() != Rule;

// The frames of the descent take the enclosing type, the field's index and
// the field's type as named template parameters, so that g++'s "required
// from" lines spell them out.
template <class Aggregate, std::size_t FieldIndex, class FieldType>
consteval bool check_field()
{
    if constexpr (is_serializable<FieldType>())
        return true;
    else
        return serializable_check<FieldType>::value;
}

template <class Aggregate, std::size_t... FieldIndex>
consteval bool check_fields(std::index_sequence<FieldIndex...>)
{
    using fields = type_list_tuple_t<field_types_t<Aggregate>>;
    return (check_field<Aggregate, FieldIndex, std::tuple_element_t<FieldIndex, fields>>() && ...);
}

template <class Container, class Element>
consteval bool check_element()
{
    if constexpr (is_serializable<Element>())
        return true;
    else
        return serializable_check<Element>::value;
}

template <class Container, class... Elements>
consteval bool check_elements(type_list<Elements...>)
{
    return (check_element<Container, Elements>() && ...);
}

// The checks of the rules that accept a type by what it holds.
template <class T>
consteval bool check_parts()
{
    using U = std::remove_cv_t<T>;
    constexpr codec_rule rule = rule_of<T>();
    if constexpr (rule == codec_rule::standard) {
        static_assert(std_codec<U>::decodable(),
                      "freethreading: this standard type cannot be rebuilt in another process: "
                      "its allocator, comparator or hash is not default-constructible, or its "
                      "characters or elements cannot be default-constructed");
        return check_elements<U>(typename std_codec<U>::elements{});
    } else if constexpr (rule == codec_rule::aggregate) {
        return check_fields<U>(std::make_index_sequence<field_count_v<U>>{});
    } else if constexpr (rule == codec_rule::member_serialize) {
        static_assert(std::is_default_constructible_v<U>,
                      "freethreading: a class with a serialize member must be "
                      "default-constructible, so that decoding can make the object that "
                      "serialize then fills in");
        static_assert(std::is_move_constructible_v<U>,
                      "freethreading: a class with a serialize member must be "
                      "move-constructible, so that decoding can return it");
        return true;
    } else {
        return true;
    }
}

/** Instantiating `serializable_check<T>` is a compile error, naming `T` and
    the rule of DESIGN §5 it breaks and suggesting what to pass instead,
    unless `T` is serializable; `value` is `true`. Instantiate it from the
    body of a class or function that needs `T` to cross into another process
    (not from a requires clause, whose failure would be the first error). */
template <class T>
struct serializable_check
{
    static_assert(type_is_not<T, codec_rule::reference>,
                  "freethreading: a reference cannot cross into another process; pass the "
                  "value itself (std::string, std::vector, ...)");
    static_assert(type_is_not<T, codec_rule::pointer>,
                  "freethreading: a raw pointer cannot cross into another process; pass a "
                  "value type (std::string, std::vector)");
    static_assert(type_is_not<T, codec_rule::member_pointer>,
                  "freethreading: a member pointer cannot cross into another process; pass "
                  "the value it designates (std::string, std::vector, ...) or an index");
    static_assert(type_is_not<T, codec_rule::reference_wrapper>,
                  "freethreading: a std::reference_wrapper (std::ref, std::cref) cannot cross "
                  "into another process; pass the value (std::string, std::vector)");
    static_assert(type_is_not<T, codec_rule::string_view>,
                  "freethreading: a std::string_view does not own its characters and cannot "
                  "cross into another process; pass a std::string");
    static_assert(type_is_not<T, codec_rule::span>,
                  "freethreading: a std::span does not own its elements and cannot cross into "
                  "another process; pass a std::vector or std::array");
    static_assert(type_is_not<T, codec_rule::function>,
                  "freethreading: a std::function holds code addresses and captures and cannot "
                  "cross into another process; make the task a function or a capture-less "
                  "lambda and pass its data as arguments (std::string, std::vector, ...)");
    static_assert(type_is_not<T, codec_rule::future>,
                  "freethreading: a future belongs to the process that made it; pass its "
                  "result instead");
    static_assert(type_is_not<T, codec_rule::smart_pointer>,
                  "freethreading: a smart pointer cannot cross into another process; pass the "
                  "value it owns (std::string, std::vector)");
    static_assert(type_is_not<T, codec_rule::process_local>,
                  "freethreading: a threading:: handle only works in the process that made "
                  "it; use the multiprocessing:: or facade type");
    static_assert(type_is_not<T, codec_rule::volatile_object>,
                  "freethreading: a volatile object cannot be encoded; pass a copy of its value");
    static_assert(type_is_not<T, codec_rule::c_array>,
                  "freethreading: a C array cannot be passed by value; use std::array, or "
                  "std::string for text");
    static_assert(type_is_not<T, codec_rule::unreflectable_aggregate>,
                  "freethreading: Boost.PFR cannot reflect this aggregate (a base class, a C "
                  "array, a union, a bit-field, a [[no_unique_address]] member, a reference "
                  "or a field that cannot be default-initialized, or more than 64 fields) "
                  "and it is not trivially copyable; give it a serialize(Archive&, "
                  "unsigned) member");
    static_assert(type_is_not<T, codec_rule::copyable_not_assignable>,
                  "freethreading: this class can be copied but not assigned, like a lambda "
                  "with captures (which may be references), so it cannot cross into another "
                  "process; make the task a function or a capture-less lambda and pass the "
                  "captured values as arguments (std::string, std::vector, ...)");
    static_assert(type_is_not<T, codec_rule::no_rule>,
                  "freethreading: this type has no encoding: it is not arithmetic or an enum, "
                  "not an aggregate or a supported standard type, has no serialize(Archive&, "
                  "unsigned) member, and is not a trivially copyable, copy-assignable class "
                  "(a mutex, an atomic, a thread or a stream never crosses into another "
                  "process)");

    static constexpr bool value = check_parts<T>();
};

template <class T>
consteval void require_serializable()
{
    if constexpr (!is_serializable<T>())
        static_assert(serializable_check<T>::value);
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_DIAGNOSE_HPP
