//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_MPI_PORTABLE_HPP
#define FREETHREADING_MPI_PORTABLE_HPP

// What may cross to another MPI rank (DESIGN §8): the portability contract
// of DESIGN §5 minus the handles. A `multiprocessing::` or facade handle (a
// queue, a lock, an event…) names an object in this machine's shared
// segment, which another rank — maybe on another host — cannot reach.

#include <freethreading/core/codec.hpp>
#include <freethreading/core/codec/diagnose.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

template <class T>
consteval bool holds_handle();

template <class... Ts>
consteval bool any_holds_handle(type_list<Ts...>)
{
    return (holds_handle<Ts>() || ...);
}

/** True when `T` is, or holds somewhere in its fields or elements, a type
    with its own `codec_traits` encoding: the library's shared-memory
    handles. A class with a `serialize` member or copied as bytes (rules 5
    and 6) is taken at its word. */
template <class T>
consteval bool holds_handle()
{
    using U = std::remove_cv_t<T>;
    constexpr codec_rule rule = rule_of<T>();
    if constexpr (rule == codec_rule::custom)
        return true;
    else if constexpr (rule == codec_rule::standard)
        return any_holds_handle(typename std_codec<U>::elements{});
    else if constexpr (rule == codec_rule::aggregate)
        return any_holds_handle(field_types_t<U>{});
    else
        return false;
}

/** The condition of rank_portable_check's assertion: a named variable, so
    that g++'s note under the error names the type. */
template <class T>
inline constexpr bool is_not_a_shared_memory_handle = rule_of<T>() != codec_rule::custom;

template <class T>
struct rank_portable_check;

template <class Outer, class Part>
consteval bool check_rank_part()
{
    if constexpr (holds_handle<Part>())
        return rank_portable_check<Part>::value;
    else
        return true;
}

template <class Outer, class... Parts>
consteval bool check_rank_parts(type_list<Parts...>)
{
    return (check_rank_part<Outer, Parts>() && ...);
}

/** Instantiating `rank_portable_check<T>` is a compile error naming `T` (or
    the field or element of `T` that is a handle) unless `T` may cross to
    another MPI rank; `value` is `true`. The codec's own rules are checked
    first, with their own messages (core/codec/diagnose.hpp). */
template <class T>
struct rank_portable_check
{
    static_assert(is_not_a_shared_memory_handle<T>,
                  "freethreading: a multiprocessing:: or facade handle (queue, lock, event, ...) "
                  "names an object in this machine's shared memory and cannot cross to another "
                  "MPI rank; pass values (std::string, std::vector, ...) and return results");

    static constexpr bool value = [] {
        using U = std::remove_cv_t<T>;
        if constexpr (rule_of<T>() == codec_rule::standard)
            return check_rank_parts<U>(typename std_codec<U>::elements{});
        else if constexpr (rule_of<T>() == codec_rule::aggregate)
            return check_rank_parts<U>(field_types_t<U>{});
        else
            return true;
    }();
};

/** The compile-time rule for a task's argument or result on an MPI
    executor: the codec's (with its diagnostics), then no handle. */
template <class T>
consteval bool check_rank_portable()
{
    if constexpr (!std::is_void_v<T>) {
        require_serializable<T>();
        if constexpr (is_serializable<T>() && holds_handle<T>())
            static_assert(rank_portable_check<T>::value);
    }
    return true;
}

} // namespace freethreading::detail

namespace freethreading::mpi {

/** Satisfied by the types whose values can cross to another MPI rank:
    `serializable<T>` (DESIGN §5) holding no `multiprocessing::` or facade
    handle, directly or in a field or element.

    @par Example
    @code
    static_assert(freethreading::mpi::portable<std::vector<std::string>>);
    static_assert(!freethreading::mpi::portable<freethreading::queue<int>>);
    @endcode
*/
template <class T>
concept portable = serializable<T> && !detail::holds_handle<T>();

} // namespace freethreading::mpi

#endif // FREETHREADING_MPI_PORTABLE_HPP
