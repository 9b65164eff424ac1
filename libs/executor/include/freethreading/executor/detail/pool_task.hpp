//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_POOL_TASK_HPP
#define FREETHREADING_EXECUTOR_DETAIL_POOL_TASK_HPP

#include <freethreading/executor/detail/task_call.hpp>

#include <concepts>
#include <ranges>
#include <tuple>
#include <type_traits>
#include <vector>

namespace freethreading::detail {

/** What every task-taking member of a pool or executor accepts (DESIGN
    §4.1): `f(args…)`, or, as with `std::jthread`, `f(token, args…)` (then
    the task receives its stop token first). Spelled as DESIGN writes it, so
    a forwarding member never takes a pool or a range for a callable. */
template <class Token, class F, class... Args>
concept task_for = std::invocable<std::decay_t<F>, std::decay_t<Args>...> ||
                   std::invocable<std::decay_t<F>, Token, std::decay_t<Args>...>;

/** An initializer `init(initargs…)`, called with lvalue copies of the
    arguments in each worker. */
template <class Init, class... InitArgs>
concept pool_initializer = std::invocable<std::decay_t<Init>&, std::decay_t<InitArgs>&...>;

/** What a task returns (`R` of DESIGN §4.1), its token taken into account. */
template <class Token, class F, class... Args>
using task_result_t = call_result_t<plain_call, Token, std::decay_t<F>, std::decay_t<Args>...>;

/** `map`'s element: `f(x)` for each `x` of `Range`. */
template <class Token, class F, class Range>
concept map_task_for = std::ranges::input_range<Range> && task_for<Token, F, std::ranges::range_value_t<Range>>;

template <class T>
inline constexpr bool is_tuple_v = false;
template <class... A>
inline constexpr bool is_tuple_v<std::tuple<A...>> = true;

template <class Token, class F, class Tuple>
inline constexpr bool star_invocable_v = false;
template <class Token, class F, class... A>
inline constexpr bool star_invocable_v<Token, F, std::tuple<A...>> = task_for<Token, F, A...>;

/** `starmap`'s element: `std::apply(f, t)` for each `std::tuple` `t` of `Range`. */
template <class Token, class F, class Range>
concept starmap_task_for = std::ranges::input_range<Range> && is_tuple_v<std::ranges::range_value_t<Range>> &&
                           star_invocable_v<Token, F, std::ranges::range_value_t<Range>>;

/** `R` of one element of `map` (`Star` false) or `starmap` (`Star` true). */
template <bool Star, class Token, class F, class Range>
struct element_result;

template <class Token, class F, class Range>
struct element_result<false, Token, F, Range>
{
    using type = task_result_t<Token, F, std::ranges::range_value_t<Range>>;
};

template <class Token, class F, class Range>
struct element_result<true, Token, F, Range>
{
    template <class T>
    struct of;
    template <class... A>
    struct of<std::tuple<A...>>
    {
        using type = task_result_t<Token, F, A...>;
    };
    using type = typename of<std::ranges::range_value_t<Range>>::type;
};

template <bool Star, class Token, class F, class Range>
using element_result_t = typename element_result<Star, Token, F, Range>::type;

/** What `map` returns for elements returning `R`: `std::vector<R>`, or
    nothing for a `void` `R`. */
template <class R>
using map_result_t = std::conditional_t<std::is_void_v<R>, void, std::vector<R>>;

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_POOL_TASK_HPP
