//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_REFLECT_HPP
#define FREETHREADING_CORE_CODEC_REFLECT_HPP

// Which aggregates rule 3 (Boost.PFR, field by field) may touch.
//
// PFR's own checks are static_asserts and its accessors fail inside function
// bodies, so asking PFR about an aggregate it cannot reflect is a hard error,
// not `false`. `serializable<T>` must be a plain yes/no for every type, so the
// questions PFR would fail on are answered here first, each in a SFINAE-safe
// way:
//
// * the number of fields: the most initializers `T{...}` accepts, found by
//   doubling then bisecting (the accepted counts are 0..n once `T{}` is valid);
// * no base class, no C array and no union member: `T(x...)` with that many
//   arguments, C++20 parenthesized aggregate initialization, which never
//   elides braces (so a C array, which brace elision spreads over several
//   initializers, fails) and whose arguments refuse to become a base of T or
//   a union;
// * no bit-field: the fields' declared types (field_types.hpp), laid out in
//   order, must add up to sizeof(T); a bit-field packs tighter than its type.
//   This also turns away `[[no_unique_address]]` and over-aligned members,
//   which then fall to rule 6 or need a `serialize` member. A bit-field that
//   fills its whole type is not caught and is a PFR compile error.
//
// An aggregate that fails is not reflectable: rule 6 takes it when it is
// trivially copyable, and otherwise it is rejected with a message saying why.

#include <freethreading/core/codec/field_types.hpp>
#include <freethreading/core/codec/traits.hpp>

#include <climits>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

// An initializer that converts to any field type. Declared, never defined:
// only unevaluated expressions use it. It yields a prvalue so that fields of
// non-movable types (std::mutex) are counted too and rejected by name later.
struct any_field_init
{
    template <class U>
    operator U() const noexcept;
};

// The same, except that it will not become a base of T (nor T itself, which
// keeps T's copy constructor out of a one-argument initialization) nor a
// union: a structured binding cannot see through an anonymous union, and a
// union field would be copied unchecked anyway, as rule 6 does.
template <class T>
struct non_base_field_init
{
    template <class U>
        requires(!std::is_base_of_v<std::remove_cv_t<U>, T> && !std::is_union_v<U>)
    operator U() const noexcept;
};

template <class T, std::size_t... I>
consteval bool brace_init_with(std::index_sequence<I...>)
{
    return requires { T{(void(I), any_field_init{})...}; };
}

template <class T, std::size_t... I>
consteval bool paren_init_with(std::index_sequence<I...>)
{
    return requires { ::new T((void(I), non_base_field_init<T>{})...); };
}

template <class T, std::size_t N>
inline constexpr bool brace_init_n = brace_init_with<T>(std::make_index_sequence<N>{});

// Invariant: T takes Low initializers and not High.
template <class T, std::size_t Low, std::size_t High>
consteval std::size_t bisect_field_count()
{
    if constexpr (High - Low <= 1) {
        return Low;
    } else {
        constexpr std::size_t middle = Low + (High - Low) / 2;
        if constexpr (brace_init_n<T, middle>)
            return bisect_field_count<T, middle, High>();
        else
            return bisect_field_count<T, Low, middle>();
    }
}

// T takes N initializers; doubling finds a count it does not take. No
// aggregate has more fields than bits, so that bound is never accepted.
template <class T, std::size_t N>
consteval std::size_t grow_field_count()
{
    constexpr std::size_t bound = sizeof(T) * CHAR_BIT + 1;
    constexpr std::size_t next = N * 2 < bound ? N * 2 : bound;
    if constexpr (next < bound && brace_init_n<T, next>)
        return grow_field_count<T, next>();
    else
        return bisect_field_count<T, N, next>();
}

/** The number of initializers aggregate `T` takes; `T{}` must be valid. */
template <class T>
consteval std::size_t brace_field_count()
{
    if constexpr (brace_init_n<T, 1>)
        return grow_field_count<T, 1>();
    else
        return 0;
}

// A reference member takes a pointer's room, whatever it refers to.
template <class F>
inline constexpr std::size_t field_size =
    std::is_reference_v<F> ? sizeof(void*) : sizeof(std::remove_reference_t<F>);
template <class F>
inline constexpr std::size_t field_align =
    std::is_reference_v<F> ? alignof(void*) : alignof(std::remove_reference_t<F>);

constexpr std::size_t align_up(std::size_t n, std::size_t alignment) noexcept
{
    return (n + alignment - 1) / alignment * alignment;
}

template <class T, class... Fs>
consteval bool layout_matches(type_list<Fs...>)
{
    std::size_t end = 0;
    ((end = align_up(end, field_align<Fs>) + field_size<Fs>), ...);
    const std::size_t total = align_up(end, alignof(T));
    return total == sizeof(T) || (total == 0 && sizeof(T) == 1);
}

template <class T>
consteval bool check_reflectable_aggregate()
{
    if constexpr (!std::is_class_v<T> || std::is_union_v<T> || !std::is_aggregate_v<T>) {
        return false;
    } else if constexpr (!brace_init_n<T, 0>) {
        // A reference member without a default member initializer, or a
        // field that cannot be default-initialized: counting would be
        // unreliable, and such an aggregate is rare as a task argument.
        return false;
    } else {
        constexpr std::size_t n = brace_field_count<T>();
        if constexpr (n > max_reflected_fields ||
                      !paren_init_with<T>(std::make_index_sequence<n>{}))
            return false;
        else
            return layout_matches<T>(declared_field_types_t<T, n>{});
    }
}

/** True when `T` is an aggregate that Boost.PFR reflects correctly: no base
    class, no C array, no bit-field, at most `max_reflected_fields` fields. */
template <class T>
inline constexpr bool is_reflectable_aggregate_v = check_reflectable_aggregate<T>();

/** The number of fields of a reflectable aggregate. */
template <class T>
inline constexpr std::size_t field_count_v = brace_field_count<T>();

/** The declared types (references and cv kept) of a reflectable
    aggregate's fields, as a `type_list`. */
template <class T>
using field_types_t = declared_field_types_t<T, field_count_v<T>>;

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_REFLECT_HPP
