//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/executor/detail/future_state.hpp>

#include "user_code_scope.hpp"

#include <freethreading/core/ipc/futex.hpp>

#include <climits>
#include <cstdio>
#include <typeinfo>

namespace freethreading::detail {

namespace {

struct user_code_state
{
    const user_code_observer* observer = nullptr;
    int depth = 0;
};

thread_local user_code_state user_code;

constexpr std::uint32_t pending_word = static_cast<std::uint32_t>(task_status::pending);
constexpr std::uint32_t running_word = static_cast<std::uint32_t>(task_status::running);

// What escaped a done callback, on stderr (Python prints and goes on).
void report_callback_exception() noexcept
{
    try {
        throw;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "Exception in a future's done callback: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "Exception in a future's done callback: an exception not derived from std::exception\n");
    }
}

} // namespace

future_state_base::~future_state_base() = default;

bool future_state_base::claim() noexcept
{
    std::uint32_t w = word_.load(std::memory_order_relaxed);
    do {
        if ((w & (status_mask | completing_bit)) != pending_word)
            return false;
    } while (!word_.compare_exchange_weak(w, (w & ~status_mask) | running_word, std::memory_order_acq_rel,
                                          std::memory_order_relaxed));
    return true;
}

bool future_state_base::begin_completion(bool from_pending_only) noexcept
{
    std::uint32_t w = word_.load(std::memory_order_relaxed);
    do {
        if ((w & completing_bit) != 0)
            return false;
        const std::uint32_t s = w & status_mask;
        if (s != pending_word && (from_pending_only || s != running_word))
            return false;
    } while (!word_.compare_exchange_weak(w, w | completing_bit, std::memory_order_acq_rel,
                                          std::memory_order_relaxed));
    return true;
}

void future_state_base::complete(task_status s) noexcept
{
    const std::uint32_t old =
        word_.exchange(completing_bit | static_cast<std::uint32_t>(s), std::memory_order_acq_rel);
    if ((old & sleeper_bit) != 0)
        (void)futex_wake(word_, INT_MAX, false);
    // No callback registered before the exchange: one registered after it
    // sees the state done (add_done_callback) and runs itself.
    if ((old & callbacks_bit) == 0)
        return;
    run_callbacks();
}

void set_user_code_observer(const user_code_observer* observer) noexcept
{
    user_code.observer = observer;
    user_code.depth = 0;
}

user_code_scope::user_code_scope() noexcept
{
    if (user_code.observer != nullptr && user_code.depth++ == 0)
        user_code.observer->enter(user_code.observer->context);
}

user_code_scope::~user_code_scope()
{
    if (user_code.observer != nullptr && --user_code.depth == 0)
        user_code.observer->leave(user_code.observer->context);
}

void future_state_base::run_callbacks() noexcept
{
    std::vector<callback> run;
    {
        std::lock_guard<std::mutex> guard(callbacks_mutex_);
        callbacks_ran_ = true;
        run.swap(callbacks_);
        callback_keys_.clear();
    }
    const user_code_scope user;
    for (callback& f : run) {
        try {
            f(*this);
        } catch (...) {
            report_callback_exception();
        }
    }
}

bool future_state_base::set_exception(std::exception_ptr e) noexcept
{
    if (!begin_completion(false))
        return false;
    fail_after_begin(std::move(e));
    return true;
}

bool future_state_base::drop() noexcept
{
    if (!begin_completion(true))
        return false;
    complete(task_status::cancelled);
    return true;
}

bool future_state_base::cancel()
{
    if (status() != task_status::pending || !do_cancel())
        return false;
    complete(task_status::cancelled);
    return true;
}

bool future_state_base::wait_until(steady_time deadline) const
{
    for (;;) {
        std::uint32_t w = word_.load(std::memory_order_acquire);
        const std::uint32_t s = w & status_mask;
        if (s == static_cast<std::uint32_t>(task_status::finished) ||
            s == static_cast<std::uint32_t>(task_status::cancelled))
            return true;
        if (help_while_waiting())
            continue;
        if ((w & sleeper_bit) == 0) {
            if (!word_.compare_exchange_weak(w, w | sleeper_bit, std::memory_order_acq_rel,
                                             std::memory_order_acquire))
                continue;
            w |= sleeper_bit;
        }
        if (futex_wait(word_, w, false, as_futex_deadline(deadline)) == futex_status::timed_out) {
            const std::uint32_t now = word_.load(std::memory_order_acquire) & status_mask;
            return now == static_cast<std::uint32_t>(task_status::finished) ||
                   now == static_cast<std::uint32_t>(task_status::cancelled);
        }
    }
}

void future_state_base::rethrow_if_failed() const
{
    if (cancelled())
        throw cancelled_error("freethreading: the task was cancelled");
    if (error_)
        std::rethrow_exception(error_);
}

std::exception_ptr future_state_base::exception() const
{
    wait();
    if (cancelled())
        throw cancelled_error("freethreading: the task was cancelled");
    return error_;
}

void future_state_base::add_done_callback(callback f)
{
    (void)add_callback(f, 0);
}

std::uint64_t future_state_base::add_removable_done_callback(callback f)
{
    std::uint64_t key = 0;
    {
        std::lock_guard<std::mutex> guard(callbacks_mutex_);
        key = ++next_key_;
    }
    return add_callback(f, key) ? key : 0;
}

bool future_state_base::remove_done_callback(std::uint64_t key) noexcept
{
    std::lock_guard<std::mutex> guard(callbacks_mutex_);
    for (std::size_t i = 0; i < callback_keys_.size(); ++i) {
        if (callback_keys_[i] == key) {
            callback_keys_.erase(callback_keys_.begin() + static_cast<std::ptrdiff_t>(i));
            callbacks_.erase(callbacks_.begin() + static_cast<std::ptrdiff_t>(i));
            return true;
        }
    }
    return false;
}

std::size_t future_state_base::listed_callbacks() const
{
    std::lock_guard<std::mutex> guard(callbacks_mutex_);
    return callbacks_.size();
}

bool future_state_base::add_callback(callback& f, std::uint64_t key)
{
    {
        std::unique_lock<std::mutex> lock(callbacks_mutex_);
        if (!callbacks_ran_) {
            callback_keys_.push_back(key);
            try {
                callbacks_.push_back(std::move(f));
            } catch (...) {
                callback_keys_.pop_back();
                throw;
            }
            // Flagged after it is listed: a completer that exchanges the
            // word after this sees the bit and runs the list (it waits for
            // this lock). One that exchanged before saw no bit if no earlier
            // callback set it, and left the list to this thread.
            const std::uint32_t w = word_.fetch_or(callbacks_bit, std::memory_order_acq_rel);
            const std::uint32_t s = w & status_mask;
            const bool completed = s == static_cast<std::uint32_t>(task_status::finished) ||
                                   s == static_cast<std::uint32_t>(task_status::cancelled);
            if (!completed || (w & callbacks_bit) != 0)
                return true;
            lock.unlock();
            run_callbacks();
            return false;
        }
    }
    try {
        f(*this);
    } catch (...) {
        report_callback_exception();
    }
    return false;
}

} // namespace freethreading::detail
