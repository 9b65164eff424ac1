//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_TASK_CALL_HPP
#define FREETHREADING_EXECUTOR_DETAIL_TASK_CALL_HPP

#include <concepts>
#include <cstddef>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace freethreading::detail {

/** How a worker calls a task, as a type (so a forked worker can name it in a
    trampoline). Every call policy has `static R invoke(Token& token, F& f,
    Args&... args)`: the engine owns the callable and the arguments (decayed
    copies) and passes them as lvalues; the policy moves the arguments on,
    since each task runs once. `Token` is the stop token type of the engine's
    domain; a callable invocable as `f(token, args…)` receives it first, as
    with `std::jthread`.

    - `plain_call`: `f(args…)` — `submit`, `apply`, `apply_async`.
    - `chunk_call<false>`: one argument, a `std::vector<T>` chunk of inputs:
      `f(x)` for each, results in order — `map`, `imap`, `map_async`.
    - `chunk_call<true>`: a `std::vector<std::tuple<A…>>` chunk:
      `std::apply(f, t)` for each — `starmap`, `starmap_async`.
    A chunk's result is `std::vector<R>`, or nothing for a `void` `R`. */
struct plain_call
{
    template <class Token, class F, class... Args>
    static decltype(auto) invoke(Token& token, F& f, Args&... args)
    {
        if constexpr (std::is_invocable_v<F&, Token, Args&&...>)
            return std::invoke(f, token, std::move(args)...);
        else
            return std::invoke(f, std::move(args)...);
    }
};

/** One element of a chunk called through `f`. */
template <bool Star, class Token, class F, class T>
decltype(auto) call_element(Token& token, F& f, T&& x)
{
    if constexpr (Star)
        return std::apply([&](auto&&... a) -> decltype(auto) { return plain_call::invoke(token, f, a...); }, x);
    else
        return plain_call::invoke(token, f, x);
}

template <bool Star>
struct chunk_call
{
    template <class Token, class F, class T>
    static auto invoke(Token& token, F& f, std::vector<T>& chunk)
    {
        using R = std::decay_t<decltype(call_element<Star>(token, f, chunk.front()))>;
        if constexpr (std::is_void_v<R>) {
            for (T& x : chunk)
                call_element<Star>(token, f, x);
        } else {
            std::vector<R> out;
            out.reserve(chunk.size());
            for (T& x : chunk)
                out.push_back(call_element<Star>(token, f, x));
            return out;
        }
    }
};

/** The result type of a task called through `Call`. */
template <class Call, class Token, class F, class... Args>
using call_result_t = std::decay_t<decltype(Call::invoke(std::declval<Token&>(), std::declval<F&>(),
                                                         std::declval<Args&>()...))>;

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_TASK_CALL_HPP
