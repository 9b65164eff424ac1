//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_RESULT_CALLBACKS_HPP
#define FREETHREADING_EXECUTOR_DETAIL_RESULT_CALLBACKS_HPP

#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <freethreading/core/errors.hpp>

#include <exception>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

/** Registers `apply_async` / `map_async` callbacks on `s` (Python's
    `callback` / `error_callback`): on success `callback(value)`, on failure
    or cancellation `error_callback(exception)`, on the thread that
    completes the task (at once in the caller if it is done already). */
template <class T>
void attach_callbacks(future_state<T>& s, async_callbacks<T> cb)
{
    if (!cb.callback && !cb.error_callback)
        return;
    s.add_done_callback([cb = std::move(cb)](future_state_base& base) {
        auto& state = static_cast<future_state<T>&>(base);
        std::exception_ptr error;
        if (state.cancelled())
            error = std::make_exception_ptr(cancelled_error("freethreading: the task was cancelled"));
        else
            error = state.exception();
        if (error) {
            if (cb.error_callback)
                cb.error_callback(error);
        } else if (cb.callback) {
            if constexpr (std::is_void_v<T>)
                cb.callback();
            else
                cb.callback(state.value());
        }
    });
}

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_RESULT_CALLBACKS_HPP
