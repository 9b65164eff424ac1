//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_WORKER_POOL_EXECUTOR_HPP
#define FREETHREADING_EXECUTOR_WORKER_POOL_EXECUTOR_HPP

#include <freethreading/executor/concepts.hpp>
#include <freethreading/executor/detail/basic_worker_pool_executor.hpp>
#include <freethreading/executor/detail/thread_engine.hpp>
#include <freethreading/executor/future.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <freethreading/sync/stop_token.hpp>

namespace freethreading {

namespace threading {

/** Python's `WorkerPoolExecutor` on threads of this process
    (`concurrent.futures.ThreadPoolExecutor`). Any callable is accepted.

    @code
    worker_pool_executor(std::size_t max_workers = 0);           // 0: usable CPUs
    worker_pool_executor(pool_options, std::size_t max_workers = 0);
    worker_pool_executor(std::size_t max_workers, Init, InitArgs...);
    worker_pool_executor(pool_options, std::size_t max_workers, Init, InitArgs...);

    future<R> submit(F, Args...);
    std::vector<R> map(F, Range, std::size_t chunksize = 1);     // void for a void R
    std::vector<R> map_for(F, Range, duration timeout, std::size_t chunksize = 1);  // timeout_error
    void shutdown(bool wait = true, bool cancel_futures = false);
    @endcode

    A callable invocable as `f(threading::stop_token, args…)` receives the
    task's stop token first (`future::request_stop()`, `terminate` and
    `pool_options::task_timeout` request it). Exceptions travel as for
    `worker_pool`. Workers are named "ThreadPoolExecutor-P_K" (P counts this
    process's executors from 0, K the executor's workers from 0) and appear
    in `active_children()`. `submit` after `shutdown()` throws
    `std::logic_error`; the destructor is `shutdown(true)`.
*/
using worker_pool_executor = detail::basic_worker_pool_executor<detail::thread_engine<detail::in_process>>;

static_assert(executor_of<worker_pool_executor, int (*)(int), int>);
static_assert(executor_of<worker_pool_executor, int (*)(stop_token, int), int>);
static_assert(maps<worker_pool_executor, int (*)(int), int>);
static_assert(!worker_pool_of<worker_pool_executor, int (*)(int), int>);

} // namespace threading

} // namespace freethreading

#endif // FREETHREADING_EXECUTOR_WORKER_POOL_EXECUTOR_HPP
