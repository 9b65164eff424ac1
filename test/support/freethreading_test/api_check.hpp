//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_API_CHECK_HPP
#define FREETHREADING_TEST_API_CHECK_HPP

// Compile-time checks of public signatures, for the api_test programs
// (DESIGN §4, §4.1, §4.2 as written, checked to the letter).
//
// Each FT_API_* macro is a static_assert over a requires-expression in which
// `x` is a `T&` and `cx` a `const T&`: a member DESIGN marks `const` is asked
// of `cx`, everything else of `x`. Use them inside a function template of T:
// there a requirement that does not hold makes the requires-expression false
// and the static_assert names the expression, instead of a hard error.
// The sample arguments (durations of several representations and periods,
// time points of three clocks) are in `freethreading_test::api_sample`.

#include <freethreading/core/detail/access.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <ratio>
#include <tuple>
#include <type_traits>
#include <utility>

/** `expr` compiles and is exactly of type `R` (no conversion). */
#define FT_API_RETURNS(T, R, ...)                                                                          \
    static_assert(requires(T& x, const T& cx) {                                                           \
        { __VA_ARGS__ } -> std::same_as<R>;                                                               \
    }, "`" #__VA_ARGS__ "` must compile and be exactly " #R)

/** `expr` compiles (its type is not promised). */
#define FT_API_COMPILES(T, ...)                                                                            \
    static_assert(requires(T& x, const T& cx) { __VA_ARGS__; }, "`" #__VA_ARGS__ "` must compile")

/** `expr` compiles and is declared noexcept. */
#define FT_API_NOEXCEPT(T, ...)                                                                            \
    static_assert(requires(T& x, const T& cx) {                                                           \
        { __VA_ARGS__ } noexcept;                                                                         \
    }, "`" #__VA_ARGS__ "` must be noexcept")

/** `expr` does not compile. */
#define FT_API_REJECTS(T, ...)                                                                             \
    static_assert(!requires(T& x, const T& cx) { __VA_ARGS__; }, "`" #__VA_ARGS__ "` must not compile")

/** `expr`, written over a duration `d`, is exactly of type `R` for every
    sample duration type (DESIGN §4.1: any std::chrono::duration). */
#define FT_API_RETURNS_FOR_DURATIONS(T, R, ...)                                                            \
    static_assert(::freethreading_test::api_sample::for_each_duration([]<class D>(D*) {                  \
        return requires(T& x, const T& cx, const D& d) {                                                  \
            { __VA_ARGS__ } -> std::same_as<R>;                                                           \
        };                                                                                                \
    }), "`" #__VA_ARGS__ "` must be exactly " #R " for every duration type")

/** `expr`, written over a time point `t`, is exactly of type `R` for a time
    point of every sample clock (DESIGN §4.1: `_until` takes any clock). */
#define FT_API_RETURNS_FOR_TIME_POINTS(T, R, ...)                                                          \
    static_assert(::freethreading_test::api_sample::for_each_time_point([]<class P>(P*) {                \
        return requires(T& x, const T& cx, const P& t) {                                                  \
            { __VA_ARGS__ } -> std::same_as<R>;                                                           \
        };                                                                                                \
    }), "`" #__VA_ARGS__ "` must be exactly " #R " for a time point of every clock")

namespace freethreading_test::api_sample {

/** A clock of the test's own: `_until` forms must take it as well as the
    standard clocks (it counts microseconds of steady_clock). */
struct user_clock
{
    using rep = std::int64_t;
    using period = std::micro;
    using duration = std::chrono::duration<rep, period>;
    using time_point = std::chrono::time_point<user_clock>;
    static constexpr bool is_steady = true;

    static time_point now() noexcept
    {
        return time_point(
            std::chrono::duration_cast<duration>(std::chrono::steady_clock::now().time_since_epoch()));
    }
};

static_assert(std::chrono::is_clock_v<user_clock>);

/** Durations of integer and floating representations and of odd periods. */
using durations = std::tuple<std::chrono::nanoseconds, std::chrono::milliseconds, std::chrono::hours,
                             std::chrono::duration<double>, std::chrono::duration<float, std::milli>,
                             std::chrono::duration<int, std::ratio<1, 3>>>;

/** Time points of the steady, system and a user clock, one with its own duration. */
using time_points = std::tuple<std::chrono::steady_clock::time_point, std::chrono::system_clock::time_point,
                               user_clock::time_point,
                               std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>>;

template <class... D, class F>
constexpr bool all_of(std::tuple<D...>*, F f)
{
    return (f(static_cast<D*>(nullptr)) && ...);
}

template <class F>
constexpr bool for_each_duration(F f)
{
    return all_of(static_cast<durations*>(nullptr), f);
}

template <class F>
constexpr bool for_each_time_point(F f)
{
    return all_of(static_cast<time_points*>(nullptr), f);
}

/** Copy-list-initialization `T t = {args…}` compiles: some constructor taking
    `args…` is not explicit. */
template <class T, class... Args>
concept implicitly_constructible = requires(void (*f)(T), Args... args) { f({args...}); };

/** `T(args…)` compiles but `T t = {args…}` does not: the constructor DESIGN
    spells `explicit` is explicit (for no arguments: the defaulted parameter
    of an explicit constructor). */
template <class T, class... Args>
concept explicitly_constructible = std::is_constructible_v<T, Args...> && !implicitly_constructible<T, Args...>;

/** A handle's internals are not members a user can call (STYLE: public
    headers show the public interface): no `state()`, no constructor adopting
    a state, no lock internals; the library reaches them through
    `freethreading::detail::access`. */
template <class H>
constexpr bool internals_are_private()
{
    namespace ftd = freethreading::detail;
    using state_type = std::remove_cvref_t<decltype(ftd::access::state(std::declval<const H&>()))>;
    FT_API_REJECTS(H, cx.state());
    static_assert(!std::is_constructible_v<H, ftd::adopt_state_t, state_type>);
    FT_API_REJECTS(H, cx.held_by_caller());
    FT_API_REJECTS(H, x.unlock_all());
    FT_API_REJECTS(H, x.relock(1u));
    return true;
}

} // namespace freethreading_test::api_sample

#endif // FREETHREADING_TEST_API_CHECK_HPP
