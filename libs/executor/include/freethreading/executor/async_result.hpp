//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_ASYNC_RESULT_HPP
#define FREETHREADING_EXECUTOR_ASYNC_RESULT_HPP

#include <freethreading/executor/detail/future_handle.hpp>
#include <freethreading/executor/detail/future_state.hpp>

#include <freethreading/core/codec/traits.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/state_handle.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <utility>

namespace freethreading {

/** The result of `worker_pool::apply_async`, `map_async` and `starmap_async`:
    Python's `multiprocessing.pool.AsyncResult` (DESIGN §4).

    A copyable handle to the same kind of state as `future<R>`, living in the
    caller's process (passing one to a task is a compile error naming its
    type). Pools make them; a default-constructed one has no state.

    - `get()` waits and returns the value as a `const R&` (no copy of a
      `map_async` vector; valid while a handle of the state lives;
      repeatable), or throws the task's exception (`cancelled_error` if the
      pool dropped it). `std::move(r).get()` moves the value out instead, so
      `auto v = pool.map_async(f, xs).get();` neither copies nor dangles.
      `get_for(d)` / `get_until(t)` throw `timeout_error` on timeout
      (Python's `get(timeout)`).
    - `wait()`, `wait_for(d)`, `wait_until(t)` → false on timeout.
    - `ready()`: the task is done. `successful()`: done with a value.
      @throws std::logic_error "not ready" before (Python's ValueError).

    Two results compare equal when they share a state.

    @par Thread Safety
    As `future<R>`: the result is written before, and happens-before, every
    wait that returns true and every `ready()` that returns true.

    @par Exceptions
    On a result without a state, `valid()` and `ready()` return false and
    every other member throws `std::logic_error`
    ("freethreading: async_result has no state").
*/
template <class R>
class async_result
{
public:
    using value_type = R;

    /** A result without a state (`valid()` is false). */
    async_result() noexcept = default;

    /** Waits; the value, or throws the task's exception / `cancelled_error`. */
    detail::future_get_t<R> get() const& { return checked().value(); }

    /** Waits; moves the value out, or throws as `get()`. */
    R get() && { return checked().take(); }

    /** As `get()`, waiting at most `d`. @throws timeout_error on timeout. */
    template <class Rep, class Period>
    detail::future_get_t<R> get_for(const std::chrono::duration<Rep, Period>& d) const&
    {
        return detail::value_until(checked(), detail::deadline_after(d), "async_result::get_for");
    }
    template <class Rep, class Period>
    R get_for(const std::chrono::duration<Rep, Period>& d) &&
    {
        return detail::take_until(checked(), detail::deadline_after(d), "async_result::get_for");
    }

    /** As `get()`, waiting until `t` (any clock). @throws timeout_error on timeout. */
    template <class Clock, class Duration>
        requires std::chrono::is_clock_v<Clock>
    detail::future_get_t<R> get_until(const std::chrono::time_point<Clock, Duration>& t) const&
    {
        return detail::value_until(checked(), detail::to_steady(t), "async_result::get_until");
    }
    template <class Clock, class Duration>
        requires std::chrono::is_clock_v<Clock>
    R get_until(const std::chrono::time_point<Clock, Duration>& t) &&
    {
        return detail::take_until(checked(), detail::to_steady(t), "async_result::get_until");
    }

    /** Waits until the task is done. */
    void wait() const { checked().wait(); }

    /** Waits at most `d`; false if the task is still not done. */
    template <class Rep, class Period>
    bool wait_for(const std::chrono::duration<Rep, Period>& d) const
    {
        return checked().wait_until(detail::deadline_after(d));
    }

    /** Waits until `t` (any clock); false if the task is still not done. */
    template <class Clock, class Duration>
        requires std::chrono::is_clock_v<Clock>
    bool wait_until(const std::chrono::time_point<Clock, Duration>& t) const
    {
        return checked().wait_until(detail::to_steady(t));
    }

    /** The task is done (with a value, an exception, or dropped by the pool). */
    bool ready() const noexcept { return state_ && state_->done(); }

    /** True when the task finished with a value.
        @throws std::logic_error if it is not ready. */
    bool successful() const
    {
        const detail::future_state<R>& s = checked();
        if (!s.done())
            throw std::logic_error("freethreading: async_result::successful: the result is not ready");
        return s.status() == detail::task_status::finished && s.exception() == nullptr;
    }

    /** Asio: completes with `(error_code)` once the task is done
        (operation_aborted if cancelled through the token's slot), on the
        handler's associated executor. Any completion token; needs
        <freethreading/executor/asio.hpp>. See that header for cancellation.
        @throws std::logic_error when there is no state. */
    template <class Token>
    auto async_wait(Token&& token) const
    {
        return detail::async_future_op<false>(checked_ptr(), std::forward<Token>(token));
    }

    /** Asio: completes with `(std::exception_ptr, R)` (`(std::exception_ptr)`
        for `void`) once the task is done: a copy of the value, or the
        task's exception, `cancelled_error`, or a `system_error` of
        operation_aborted if cancelled through the token's slot; so
        `co_await f.async_get(asio::use_awaitable)` returns the value or
        throws. As `async_wait` otherwise. */
    template <class Token>
    auto async_get(Token&& token) const
    {
        return detail::async_future_op<true>(checked_ptr(), std::forward<Token>(token));
    }

    /** True unless default-constructed or moved from. */
    bool valid() const noexcept { return state_ != nullptr; }

    /** Same state (two results without a state are equal). */
    friend bool operator==(const async_result& a, const async_result& b) noexcept
    {
        return a.state_ == b.state_;
    }

private:
    friend struct detail::access;

    async_result(detail::adopt_state_t, std::shared_ptr<detail::future_state<R>> s) noexcept
        : state_(std::move(s))
    {
    }

    const std::shared_ptr<detail::future_state<R>>& state() const noexcept { return state_; }

    detail::future_state<R>& checked() const { return detail::checked_state(state_, "async_result"); }

    const std::shared_ptr<detail::future_state<R>>& checked_ptr() const
    {
        (void)checked();
        return state_;
    }

    std::shared_ptr<detail::future_state<R>> state_;
};

namespace detail {

/** An async_result means nothing in another process (DESIGN §5 rule 1). */
template <class R>
inline constexpr bool is_future_v<async_result<R>> = true;

} // namespace detail

} // namespace freethreading

/** The identity of an async_result's state. */
template <class R>
struct std::hash<freethreading::async_result<R>>
{
    std::size_t operator()(const freethreading::async_result<R>& r) const noexcept
    {
        return std::hash<const void*>{}(freethreading::detail::access::state(r).get());
    }
};

#endif // FREETHREADING_EXECUTOR_ASYNC_RESULT_HPP
