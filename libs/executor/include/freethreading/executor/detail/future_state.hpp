//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_FUTURE_STATE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_FUTURE_STATE_HPP

#include <freethreading/executor/detail/config.hpp>

#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/errors.hpp>

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace freethreading::detail {

/** Where a task is in its life. */
enum class task_status : std::uint32_t
{
    pending = 0,   ///< queued; `cancel()` may still win
    running = 1,   ///< a worker claimed it
    finished = 2,  ///< a value or an exception is stored
    cancelled = 3, ///< cancelled before it ran (or dropped by `terminate`)
};

/** The shared state of one task: what the `future<R>` / `async_result<R>`
    handles and the pool that runs the task share (one per task, like the
    state of `std::shared_future`). It lives in the caller's process on both
    backends: a multiprocessing pool's completion thread writes what a worker
    process published into it.

    One 32-bit word carries the status (its low two bits), a bit that the
    one completer has begun writing the result, and a bit that somebody
    sleeps on the word, so a completion makes a system call only when a
    waiter is asleep (DESIGN §3).

    A pool derives its task type from `future_state<R>` (the callable and its
    arguments then live in the same allocation) and may override the hooks:
    `do_cancel` (a multiprocessing pool first wins the claim word of the
    task's slot in shared memory), `do_request_stop` (the task's stop source)
    and `help_while_waiting` (a threading pool's worker that waits on a task
    of its own pool runs queued tasks meanwhile).

    @par Thread Safety
    Every member may be called concurrently. Storing the result
    happens-before every wait that returns true, every `done()` that returns
    true and every callback.
*/
class FREETHREADING_EXECUTOR_DECL future_state_base : public std::enable_shared_from_this<future_state_base>
{
public:
    using callback = std::function<void(future_state_base&)>;

    future_state_base() noexcept = default;
    virtual ~future_state_base();
    future_state_base(const future_state_base&) = delete;
    future_state_base& operator=(const future_state_base&) = delete;

    // ---- the pool's side

    /** pending → running: a worker's claim. False when the task was
        cancelled (or otherwise completed) first: it must not run then. */
    bool claim() noexcept;

    /** Completes the task with `e` (status finished). False, and nothing
        changes, when it was already completed (the first completion wins: a
        task timed out and then finished late keeps its timeout_error). */
    bool set_exception(std::exception_ptr e) noexcept;

    /** Completes a pending task as cancelled without asking the hooks (a
        pool's `terminate`, `shutdown(cancel_futures=true)`). False when it
        was running or done. */
    bool drop() noexcept;

    // ---- the caller's side

    task_status status() const noexcept
    {
        return static_cast<task_status>(word_.load(std::memory_order_acquire) & status_mask);
    }
    /** finished or cancelled. */
    bool done() const noexcept
    {
        const task_status s = status();
        return s == task_status::finished || s == task_status::cancelled;
    }
    bool running() const noexcept { return status() == task_status::running; }
    bool cancelled() const noexcept { return status() == task_status::cancelled; }

    /** pending → cancelled, if `do_cancel` agrees; then completes (waiters
        wake, callbacks run in the caller). False when the task is running or
        done. */
    bool cancel();

    /** Waits until done; may run other work of the pool meanwhile (see
        `help_while_waiting`). */
    void wait() const { (void)wait_until(steady_time::max()); }

    /** Waits until done or `deadline`; false on timeout. */
    bool wait_until(steady_time deadline) const;

    /** Waits; the task's exception, or null after a value.
        @throws cancelled_error if the task was cancelled. */
    std::exception_ptr exception() const;

    /** After `done()`: throws the task's exception, or `cancelled_error`
        when it was cancelled; returns after a value. */
    void rethrow_if_failed() const;

    /** Runs `f(*this)` now in the caller if done, else once on the thread
        that completes the task, after the callbacks registered before it.
        An exception that escapes `f` is printed to stderr and swallowed
        (Python). */
    void add_done_callback(callback f);

    /** As `add_done_callback`; returns a key for `remove_done_callback`, or
        0 when `f` ran at once. */
    std::uint64_t add_removable_done_callback(callback f);

    /** Forgets the callback of `key` if it has not begun to run: true if
        it was removed (a wait that returned takes its callbacks back). */
    bool remove_done_callback(std::uint64_t key) noexcept;

    /** The callbacks listed and not yet run (for tests). */
    std::size_t listed_callbacks() const;

    /** Requests stop of the task's stop token. False when the task takes
        none or has ended. */
    bool request_stop() noexcept { return !done() && do_request_stop(); }

protected:
    /** Claims the one right to complete the state, from `pending` or
        `running` (`from_pending_only`: from pending only). The winner then
        writes the result and calls `complete`. */
    bool begin_completion(bool from_pending_only) noexcept;

    /** Publishes `s` (finished or cancelled) after the winner of
        `begin_completion` wrote the result: wakes sleepers, runs callbacks. */
    void complete(task_status s) noexcept;

    /** The winner of `begin_completion` completes with `e` (finished). */
    void fail_after_begin(std::exception_ptr e) noexcept
    {
        error_ = std::move(e);
        complete(task_status::finished);
    }

    /** Agrees to a cancel and claims the completion; the default is
        `begin_completion(true)`. An override that refuses returns false. */
    virtual bool do_cancel() noexcept { return begin_completion(true); }
    /** The task's stop request; the default has no stop token. */
    virtual bool do_request_stop() noexcept { return false; }
    /** Called by a wait while the task is not done: true if it ran
        something (the wait then checks again before sleeping). */
    virtual bool help_while_waiting() const { return false; }

private:
    /** Runs the callbacks listed so far, once (the completer, or a late
        registrant when the completer saw none). */
    void run_callbacks() noexcept;

    /** Lists `f` under `key` (0: not removable), or runs it at once if the
        state is done; false if it ran. */
    bool add_callback(callback& f, std::uint64_t key);

    static constexpr std::uint32_t status_mask = 3;
    static constexpr std::uint32_t completing_bit = 4; // a completer won
    static constexpr std::uint32_t sleeper_bit = 8;    // somebody sleeps on word_
    static constexpr std::uint32_t callbacks_bit = 16; // a callback was registered before completion

    mutable std::atomic<std::uint32_t> word_{0};
    std::exception_ptr error_;
    // Taken by complete() only when `callbacks_bit` was set: a task nobody
    // registered a callback on completes without a lock.
    mutable std::mutex callbacks_mutex_;
    std::vector<callback> callbacks_;
    std::vector<std::uint64_t> callback_keys_; // one per callback, 0: not removable
    std::uint64_t next_key_ = 0;               // under callbacks_mutex_
    bool callbacks_ran_ = false;               // under callbacks_mutex_
};

/** The state of a task returning `R`. */
template <class R>
class future_state : public future_state_base
{
public:
    /** Completes the task with the value made from `a` (status finished).
        False, and nothing is made, when it was already completed. */
    template <class... A>
    bool set_value(A&&... a)
    {
        if (!begin_completion(false))
            return false;
        try {
            value_.emplace(std::forward<A>(a)...);
        } catch (...) {
            fail_after_begin(std::current_exception());
            return true;
        }
        complete(task_status::finished);
        return true;
    }

    /** Waits; the value, or throws the task's exception / cancelled_error. */
    const R& value() const
    {
        wait();
        rethrow_if_failed();
        return *value_;
    }

    /** Waits; moves the value out (the other handles then see a moved-from
        value), or throws. */
    R take()
    {
        wait();
        rethrow_if_failed();
        return std::move(*value_);
    }

private:
    std::optional<R> value_;
};

/** The state of a task returning nothing. */
template <>
class future_state<void> : public future_state_base
{
public:
    bool set_value()
    {
        if (!begin_completion(false))
            return false;
        complete(task_status::finished);
        return true;
    }

    void value() const
    {
        wait();
        rethrow_if_failed();
    }

    void take() { value(); }
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_FUTURE_STATE_HPP
