//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_WORKER_POOL_HPP
#define FREETHREADING_EXECUTOR_WORKER_POOL_HPP

#include <freethreading/executor/async_result.hpp>
#include <freethreading/executor/concepts.hpp>
#include <freethreading/executor/detail/basic_worker_pool.hpp>
#include <freethreading/executor/detail/thread_engine.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <freethreading/sync/stop_token.hpp>

#include <tuple>
#include <vector>

namespace freethreading {

namespace threading {

/** Python's `WorkerPool` on threads of this process
    (`multiprocessing.pool.ThreadPool`). Any callable is accepted.

    @code
    worker_pool(std::size_t workers = 0);                        // 0: usable CPUs
    worker_pool(pool_options, std::size_t workers = 0);
    worker_pool(std::size_t workers, Init, InitArgs...);          // init(initargs...) in each worker
    worker_pool(pool_options, std::size_t workers, Init, InitArgs...);

    R apply(F, Args...);                                          // R: f's result
    async_result<R> apply_async([async_callbacks<R>,] F, Args...);
    std::vector<R> map(F, Range, std::size_t chunksize = 0);      // void for a void R
    async_result<std::vector<R>> map_async([async_callbacks<...>,] F, Range, std::size_t chunksize = 0);
    /input range of R/ imap(F, Range, std::size_t chunksize = 1);            // input order
    /input range of R/ imap_unordered(F, Range, std::size_t chunksize = 1);  // completion order
    starmap, starmap_async                                        // ranges of std::tuple<Args...>
    void close(); void terminate(); void join(); bool join_for(d);
    @endcode

    A callable invocable as `f(threading::stop_token, args…)` receives the
    task's stop token first. A task's exception reaches the caller as
    DESIGN §4.2 says: standard and freethreading types as themselves,
    anything else as `remote_error` with the original nested. Workers are
    named "Thread-N" and appear in `active_children()`. `get()` on a task
    of this pool, called from one of its workers, runs queued tasks while it
    waits, so nested submission cannot deadlock. Use after `close()` or
    `terminate()` throws `std::logic_error`; the destructor finishes the
    queued work (`terminate()` drops it).
*/
using worker_pool = detail::basic_worker_pool<detail::thread_engine<detail::in_process>>;

static_assert(worker_pool_of<worker_pool, int (*)(int), int>);
static_assert(worker_pool_of<worker_pool, void (*)(stop_token)>);
static_assert(maps<worker_pool, int (*)(int), int>);
static_assert(!executor_of<worker_pool, int (*)(int), int>);

} // namespace threading

} // namespace freethreading

#endif // FREETHREADING_EXECUTOR_WORKER_POOL_HPP
