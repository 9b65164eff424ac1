//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_FUTURE_HANDLE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_FUTURE_HANDLE_HPP

// What the two handles of a task's state (`future<R>`, `async_result<R>`)
// share, so that each of their members is one line: the check that a handle
// has a state, the timed reads of the value, and the wrapping of a done
// callback into the state's callback type.

#include <freethreading/executor/detail/future_state.hpp>

#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/errors.hpp>

#include <concepts>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

/** What `get()` on an lvalue handle returns: `const R&`, or nothing. */
template <class R>
struct future_get_result
{
    using type = const R&;
};
template <>
struct future_get_result<void>
{
    using type = void;
};
template <class R>
using future_get_t = typename future_get_result<R>::type;

/** The state behind a handle named `handle` ("future", "async_result").
    @throws std::logic_error when the handle has none (default-constructed or
    moved from). */
template <class R>
future_state<R>& checked_state(const std::shared_ptr<future_state<R>>& s, const char* handle)
{
    if (!s)
        throw std::logic_error(std::string("freethreading: ") + handle + " has no state");
    return *s;
}

/** Waits for `s` until `deadline`. @throws timeout_error, naming `call`,
    when the deadline passes first. */
inline void wait_or_throw(const future_state_base& s, steady_time deadline, const char* call)
{
    if (!s.wait_until(deadline))
        throw timeout_error(std::string("freethreading: ") + call + ": the wait timed out");
}

/** The value of `s` once it is done before `deadline` (see `wait_or_throw`). */
template <class R>
future_get_t<R> value_until(const future_state<R>& s, steady_time deadline, const char* call)
{
    wait_or_throw(s, deadline, call);
    return s.value();
}

/** The value of `s`, moved out, once it is done before `deadline`. */
template <class R>
R take_until(future_state<R>& s, steady_time deadline, const char* call)
{
    wait_or_throw(s, deadline, call);
    return s.take();
}

/** `f` as a copyable callable (the state keeps callbacks in
    `std::function`): itself, or shared behind a pointer if it is move-only. */
template <class F>
auto copyable_callable(F f)
{
    if constexpr (std::copy_constructible<F>)
        return f;
    else
        return [p = std::make_shared<F>(std::move(f))](auto&&... a) -> decltype(auto) {
            return std::invoke(*p, std::forward<decltype(a)>(a)...);
        };
}

/** The state's callback that rebuilds a `Handle` (a `future<R>` or an
    `async_result<R>`) of the completed state and calls `f` with it. */
template <class Handle, class R, class F>
future_state_base::callback handle_callback(F f)
{
    return [g = copyable_callable(std::move(f))](future_state_base& s) mutable {
        const Handle handle =
            access::adopt<Handle>(std::static_pointer_cast<future_state<R>>(s.shared_from_this()));
        std::invoke(g, handle);
    };
}

/** The Asio operation `async_wait` (`Get` false) or `async_get` (`Get`
    true) on `state`, initiated with `token` (DESIGN §7). Declared here for
    the handles' members, defined in <freethreading/executor/asio.hpp>. */
template <bool Get, class R, class Token>
auto async_future_op(const std::shared_ptr<future_state<R>>& state, Token&& token);

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_FUTURE_HANDLE_HPP
