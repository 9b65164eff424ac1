//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_CALL_TOKEN_HPP
#define FREETHREADING_EXECUTOR_DETAIL_CALL_TOKEN_HPP

#include <freethreading/executor/detail/task_call.hpp>

#include <tuple>
#include <type_traits>
#include <vector>

namespace freethreading::detail {

/** Whether a task called through `Call` receives its stop token, i.e.
    whether an engine must give the task a stop source of its own: exactly
    when the call policy passes `Token` to `F` (task_call.hpp). */
template <class Call, class Token, class F, class... Args>
inline constexpr bool call_takes_token_v = false;

template <class Token, class F, class... Args>
inline constexpr bool call_takes_token_v<plain_call, Token, F, Args...> = std::is_invocable_v<F&, Token, Args&&...>;

template <class Token, class F, class T>
inline constexpr bool call_takes_token_v<chunk_call<false>, Token, F, std::vector<T>> =
    std::is_invocable_v<F&, Token, T&&>;

template <class Token, class F, class... A>
inline constexpr bool call_takes_token_v<chunk_call<true>, Token, F, std::vector<std::tuple<A...>>> =
    std::is_invocable_v<F&, Token, A&&...>;

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_CALL_TOKEN_HPP
