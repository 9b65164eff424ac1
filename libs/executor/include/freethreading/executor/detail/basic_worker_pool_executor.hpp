//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_BASIC_WORKER_POOL_EXECUTOR_HPP
#define FREETHREADING_EXECUTOR_DETAIL_BASIC_WORKER_POOL_EXECUTOR_HPP

#include <freethreading/executor/detail/asio_context_slot.hpp>
#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/detail/make_future.hpp>
#include <freethreading/executor/detail/pool_chunks.hpp>
#include <freethreading/executor/detail/pool_lifecycle.hpp>
#include <freethreading/executor/detail/pool_task.hpp>
#include <freethreading/executor/future.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <freethreading/core/detail/deadline.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace freethreading::detail {

/** The Asio executor of a pool or executor (DESIGN §7), defined in
    <freethreading/executor/asio.hpp>. */
template <class Engine>
class pool_asio_executor;

/** Python's `WorkerPoolExecutor` (`concurrent.futures`' thread or process
    pool executor), written once over any `pool_engine` (DESIGN §3, §4.1).
    `threading::worker_pool_executor` and the other spellings are aliases of
    it.

    A task is `f(args…)` or, when that is callable, `f(token, args…)` with
    the task's stop token first; `future<R>::request_stop()` requests it.
    `map` queues chunks of `chunksize` elements and returns the results in
    input order, assembled in the calling thread, rethrowing the first
    exception in input order once every task has ended.

    The destructor is `shutdown(true)` (DESIGN §4.3). Movable, not copyable;
    every member of a moved-from executor throws `std::logic_error`.

    @par Thread Safety
    Every member may be called concurrently. Queuing a task happens-before
    its call, and its call happens-before the return of every wait that sees
    it done.
*/
template <class Engine>
    requires pool_engine<Engine>
class basic_worker_pool_executor
{
public:
    using stop_token_type = typename Engine::stop_token_type;
    /** What `get_executor()` returns (<freethreading/executor/asio.hpp>). */
    using executor_type = pool_asio_executor<Engine>;

    /** Starts `max_workers` workers (0: the CPUs this process may run on). */
    explicit basic_worker_pool_executor(std::size_t max_workers = 0)
        : basic_worker_pool_executor(pool_options{}, max_workers)
    {
    }

    /** As above, with `max_tasks_per_child` / `task_timeout`.
        @throws std::invalid_argument for a negative task_timeout. */
    explicit basic_worker_pool_executor(pool_options options, std::size_t max_workers = 0)
        : life_(std::make_unique<Engine>(max_workers, options, pool_flavour::executor), "worker_pool_executor")
    {
    }

    /** Each worker runs `init(initargs…)` before its first task.
        @throws broken_pool_error carrying its message if it threw. */
    template <class Init, class... InitArgs>
        requires pool_initializer<Init, InitArgs...>
    basic_worker_pool_executor(std::size_t max_workers, Init&& init, InitArgs&&... initargs)
        : basic_worker_pool_executor(pool_options{}, max_workers, std::forward<Init>(init),
                                     std::forward<InitArgs>(initargs)...)
    {
    }

    template <class Init, class... InitArgs>
        requires pool_initializer<Init, InitArgs...>
    basic_worker_pool_executor(pool_options options, std::size_t max_workers, Init&& init, InitArgs&&... initargs)
        : life_(std::make_unique<Engine>(max_workers, options, pool_flavour::executor, std::forward<Init>(init),
                                         std::forward<InitArgs>(initargs)...),
                "worker_pool_executor")
    {
    }

    basic_worker_pool_executor(basic_worker_pool_executor&&) noexcept = default;
    basic_worker_pool_executor& operator=(basic_worker_pool_executor&&) = delete;

    /** `shutdown(true)`: the queued tasks run, then the workers are joined. */
    ~basic_worker_pool_executor() = default;

    /** Queues `f(args…)`; its future.
        @throws std::logic_error after shutdown(). */
    template <class F, class... Args>
        requires task_for<stop_token_type, F, Args...>
    future<task_result_t<stop_token_type, F, Args...>> submit(F&& f, Args&&... args)
    {
        return make_future(
            life_.open("submit").template submit<plain_call>(std::forward<F>(f), std::forward<Args>(args)...));
    }

    /** `f(x)` for every `x` of `r`, `chunksize` elements per task; the
        results in input order (nothing for a `void` `R`).
        @throws the first task exception in input order;
        std::invalid_argument for chunksize 0. */
    template <class F, class Range>
        requires map_task_for<stop_token_type, F, Range>
    map_result_t<element_result_t<false, stop_token_type, F, Range>> map(F&& f, Range&& r, std::size_t chunksize = 1)
    {
        auto chunks = submit_chunks<false>(life_.open("map"), f, r, positive_chunksize(chunksize, "map"));
        return gather_chunks<element_result_t<false, stop_token_type, F, Range>>(std::move(chunks));
    }

    /** As `map`, but every result must be in within `timeout` of the call
        (Python's `map(timeout=…)`); the tasks not yet started are then
        cancelled. @throws timeout_error on timeout. */
    template <class F, class Range, class Rep, class Period>
        requires map_task_for<stop_token_type, F, Range>
    map_result_t<element_result_t<false, stop_token_type, F, Range>>
    map_for(F&& f, Range&& r, const std::chrono::duration<Rep, Period>& timeout, std::size_t chunksize = 1)
    {
        const steady_time deadline = deadline_after(timeout);
        auto chunks = submit_chunks<false>(life_.open("map_for"), f, r, positive_chunksize(chunksize, "map_for"));
        return gather_chunks_until<element_result_t<false, stop_token_type, F, Range>>(
            std::move(chunks), deadline, "worker_pool_executor::map_for");
    }

    /** No more tasks. `cancel_futures`: the tasks not yet started are
        cancelled (and running tasks that take a stop token are asked to
        stop); otherwise they still run. `wait`: returns once every worker
        has exited. Calling it again is harmless. */
    void shutdown(bool wait = true, bool cancel_futures = false)
    {
        using phase = typename pool_lifecycle<Engine>::phase;
        if (cancel_futures)
            life_.cancel_pending(phase::shut_down);
        else
            life_.close(phase::shut_down);
        if (wait)
            (void)life_.join_until(steady_time::max(), "shutdown");
    }

    /** An Asio executor that runs handlers in this process: on the
        workers (threading) or on the completion thread (multiprocessing),
        never in a worker process (DESIGN §7). Needs
        <freethreading/executor/asio.hpp>; valid while the executor lives.
        @throws std::logic_error on a moved-from executor. */
    executor_type get_executor() { return executor_type(life_.engine("get_executor"), asio_); }

private:
    static std::size_t positive_chunksize(std::size_t chunksize, const char* member)
    {
        if (chunksize == 0)
            throw std::invalid_argument(std::string("freethreading: worker_pool_executor::") + member +
                                        ": chunksize must be at least 1");
        return chunksize;
    }

    asio_context_slot asio_; // declared first: outlives the engine's threads
    pool_lifecycle<Engine> life_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_BASIC_WORKER_POOL_EXECUTOR_HPP
