//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_FUTURE_HPP
#define FREETHREADING_EXECUTOR_FUTURE_HPP

#include <freethreading/executor/detail/future_handle.hpp>
#include <freethreading/executor/detail/future_state.hpp>

#include <freethreading/core/codec/traits.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/state_handle.hpp>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <utility>

namespace freethreading {

/** The result of a task submitted to a `worker_pool_executor`: Python's
    `concurrent.futures.Future`, with the interface of `std::shared_future`
    (DESIGN §4.1).

    A copyable handle: copies refer to the same state, which lives in the
    caller's process on both backends (a future never crosses into another
    process: passing one to a task is a compile error naming its type).
    Pools make futures; a default-constructed future has no state.

    - `get()` waits and returns the value (a `const R&` that stays valid while
      a handle of the state lives; repeatable), or throws the task's
      exception, or `cancelled_error`. `std::move(f).get()` moves the value
      out instead (other handles then see a moved-from value). `get_for` /
      `get_until` throw `timeout_error` when the deadline passes first.
    - `wait()`, `wait_for(d)`, `wait_until(t)` (any clock) → false on timeout.
    - `done()`: finished or cancelled; `running()`: a worker runs it;
      `cancelled()`. `cancel()` succeeds only while the task is pending (the
      worker's claim and `cancel` race on one word: one of them wins).
    - `exception()` waits; empty after a value, the task's exception, or
      throws `cancelled_error`.
    - `add_done_callback(f)` runs `f(const future&)` at once in the caller if
      the task is done, else once on the thread that completes it, after
      the callbacks registered before it. An exception escaping `f` is
      printed to stderr and swallowed (Python).
    - `request_stop()` requests stop of the stop token the task takes; false
      when it takes none or has ended.

    Two futures compare equal when they share a state; `std::hash` hashes
    that identity.

    @par Thread Safety
    Distinct handles of one state may be used concurrently; one handle may be
    used concurrently through its const members. The task's result is written
    before, and happens-before, every wait that returns true, every `done()`
    that returns true and every done callback.

    @par Exceptions
    On a future without a state, `valid()`, `done()`, `running()` and
    `cancelled()` return false, and every other member throws
    `std::logic_error` ("freethreading: future has no state").
*/
template <class R>
class future
{
public:
    using value_type = R;

    /** A future without a state (`valid()` is false). */
    future() noexcept = default;

    /** Waits; the value, or throws the task's exception / `cancelled_error`. */
    detail::future_get_t<R> get() const& { return checked().value(); }

    /** Waits; moves the value out, or throws as `get()`. */
    R get() && { return checked().take(); }

    /** As `get()`, waiting at most `d`. @throws timeout_error on timeout. */
    template <class Rep, class Period>
    detail::future_get_t<R> get_for(const std::chrono::duration<Rep, Period>& d) const&
    {
        return detail::value_until(checked(), detail::deadline_after(d), "future::get_for");
    }
    template <class Rep, class Period>
    R get_for(const std::chrono::duration<Rep, Period>& d) &&
    {
        return detail::take_until(checked(), detail::deadline_after(d), "future::get_for");
    }

    /** As `get()`, waiting until `t` (any clock). @throws timeout_error on timeout. */
    template <class Clock, class Duration>
        requires std::chrono::is_clock_v<Clock>
    detail::future_get_t<R> get_until(const std::chrono::time_point<Clock, Duration>& t) const&
    {
        return detail::value_until(checked(), detail::to_steady(t), "future::get_until");
    }
    template <class Clock, class Duration>
        requires std::chrono::is_clock_v<Clock>
    R get_until(const std::chrono::time_point<Clock, Duration>& t) &&
    {
        return detail::take_until(checked(), detail::to_steady(t), "future::get_until");
    }

    /** Waits until the task is done (finished or cancelled). */
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

    /** Finished (with a value or an exception) or cancelled. */
    bool done() const noexcept { return state_ && state_->done(); }

    /** A worker has claimed the task and it has not finished. */
    bool running() const noexcept { return state_ && state_->running(); }

    /** Cancelled before it ran (by `cancel()` or by the pool). */
    bool cancelled() const noexcept { return state_ && state_->cancelled(); }

    /** Cancels the task if it is still pending: true, and it is then done
        and cancelled (waiters wake, callbacks run in the caller). False when
        it is running or done. */
    bool cancel() { return checked().cancel(); }

    /** Waits; the task's exception, or null after a value.
        @throws cancelled_error if the task was cancelled. */
    std::exception_ptr exception() const { return checked().exception(); }

    /** Calls `f` with a future of this state when the task is done: now in
        the caller if it is done, else once on the completing thread, after
        the callbacks registered before it. `f` may be move-only. An
        exception escaping `f` is printed to stderr and swallowed. */
    template <class F>
        requires std::invocable<F&, const future&>
    void add_done_callback(F f)
    {
        checked().add_done_callback(detail::handle_callback<future, R>(std::move(f)));
    }

    /** Requests stop of the task's stop token; false when the task takes
        none or has ended. */
    bool request_stop() { return checked().request_stop(); }

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

    /** Same state (two futures without a state are equal). */
    friend bool operator==(const future& a, const future& b) noexcept { return a.state_ == b.state_; }

private:
    friend struct detail::access;

    future(detail::adopt_state_t, std::shared_ptr<detail::future_state<R>> s) noexcept : state_(std::move(s)) {}

    const std::shared_ptr<detail::future_state<R>>& state() const noexcept { return state_; }

    detail::future_state<R>& checked() const { return detail::checked_state(state_, "future"); }

    const std::shared_ptr<detail::future_state<R>>& checked_ptr() const
    {
        (void)checked();
        return state_;
    }

    std::shared_ptr<detail::future_state<R>> state_;
};

namespace detail {

/** A future means nothing in another process (DESIGN §5 rule 1): the codec
    rejects it, and the error names the type. */
template <class R>
inline constexpr bool is_future_v<future<R>> = true;

} // namespace detail

} // namespace freethreading

/** The identity of a future's state (futures that compare equal hash alike). */
template <class R>
struct std::hash<freethreading::future<R>>
{
    std::size_t operator()(const freethreading::future<R>& f) const noexcept
    {
        return std::hash<const void*>{}(freethreading::detail::access::state(f).get());
    }
};

#endif // FREETHREADING_EXECUTOR_FUTURE_HPP
