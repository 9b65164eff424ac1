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
#include <freethreading/executor/detail/process_engine.hpp>
#include <freethreading/executor/detail/thread_engine.hpp>
#include <freethreading/executor/detail/variant_engine.hpp>
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

namespace multiprocessing {

/** Python's `WorkerPool` on worker processes (`multiprocessing.Pool` with
    the fork context), with the interface of `threading::worker_pool`.

    The workers are forked by one single-threaded zygote that the pool
    forks when it is made, so they see the caller's memory as of then.
    Work crosses into them only if it is portable (DESIGN §5): the callable
    must be a function pointer, a capture-less lambda or a serializable
    class, and every argument and the result serializable; anything else is
    a compile error naming the type. A callable invocable as
    `f(multiprocessing::stop_token, args…)` receives the task's stop token,
    which `request_stop()` reaches across processes. Exceptions come back
    rebuilt by type (DESIGN §4.2); a worker that dies fails exactly the
    tasks it held with `broken_pool_error` saying who died, how, and running
    what, and is replaced. Workers are named "ForkPoolWorker-N", ignore
    SIGINT, and appear in `active_children()`. Callbacks run on the pool's
    completion thread. */
using worker_pool = detail::basic_worker_pool<detail::process_engine<detail::shared_memory>>;

static_assert(worker_pool_of<worker_pool, int (*)(int), int>);
static_assert(worker_pool_of<worker_pool, void (*)(stop_token)>);
static_assert(maps<worker_pool, int (*)(int), int>);
static_assert(!executor_of<worker_pool, int (*)(int), int>);

} // namespace multiprocessing


/** The facade: Python's `WorkerPool` on the backend `get_backend()` gives when it is
    made — `threading::worker_pool` or `multiprocessing::worker_pool`
    underneath, with the same members (DESIGN §3). Work must be portable on
    both backends (DESIGN §5), so code that compiles runs on both; a
    callable invocable as `f(freethreading::stop_token, args…)` receives the
    task's stop token first. */
using worker_pool = detail::basic_worker_pool<
    detail::variant_engine<detail::thread_engine<detail::runtime>, detail::process_engine<detail::runtime>>>;

static_assert(worker_pool_of<worker_pool, int (*)(int), int>);
static_assert(worker_pool_of<worker_pool, void (*)(stop_token)>);
static_assert(maps<worker_pool, int (*)(int), int>);
static_assert(!executor_of<worker_pool, int (*)(int), int>);

} // namespace freethreading

#endif // FREETHREADING_EXECUTOR_WORKER_POOL_HPP
