//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_POOL_OPTIONS_HPP
#define FREETHREADING_EXECUTOR_POOL_OPTIONS_HPP

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>

namespace freethreading {

/** The optional leading argument of `worker_pool` and `worker_pool_executor`
    (DESIGN §4.1). Every member has a default, so designated initializers
    compile: `worker_pool_executor ex(pool_options{.max_tasks_per_child = 100}, 2);`. */
struct pool_options
{
    /** A worker is replaced by a new one after this many tasks; 0: never. */
    std::size_t max_tasks_per_child = 0;

    /** A task still running this long after it started fails with
        `timeout_error`: on multiprocessing its worker is killed and replaced,
        on threading its stop token is requested and its late result
        discarded. Zero: no timeout. */
    std::chrono::nanoseconds task_timeout{0};
};

/** The callbacks `worker_pool::apply_async` and `map_async` may take first:
    `callback` gets the result, `error_callback` the exception, on the
    thread that completes the task (threading) or the pool's completion
    thread (multiprocessing), in completion order. They must not block. */
template <class T>
struct async_callbacks
{
    std::function<void(const T&)> callback{};
    std::function<void(std::exception_ptr)> error_callback{};
};

/** `async_callbacks` of a task without a result. */
template <>
struct async_callbacks<void>
{
    std::function<void()> callback{};
    std::function<void(std::exception_ptr)> error_callback{};
};

} // namespace freethreading

#endif // FREETHREADING_EXECUTOR_POOL_OPTIONS_HPP
