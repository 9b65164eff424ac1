//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_MPI_WORKER_POOL_EXECUTOR_HPP
#define FREETHREADING_MPI_WORKER_POOL_EXECUTOR_HPP

#include <freethreading/mpi/detail/rank_engine.hpp>
#include <freethreading/mpi/portable.hpp>

#include <freethreading/executor/concepts.hpp>
#include <freethreading/executor/detail/make_future.hpp>
#include <freethreading/executor/detail/pool_chunks.hpp>
#include <freethreading/executor/detail/pool_lifecycle.hpp>
#include <freethreading/executor/detail/pool_task.hpp>
#include <freethreading/executor/future.hpp>

#include <freethreading/core/detail/deadline.hpp>

#include <boost/mpi/communicator.hpp>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace freethreading::mpi {

/** Python's `WorkerPoolExecutor` over the ranks of an MPI communicator
    (DESIGN §8): the same portable tasks as
    `multiprocessing::worker_pool_executor`, run by other processes of an MPI
    job, possibly on other machines.

    @code
    explicit worker_pool_executor(const boost::mpi::communicator& comm);  // collective

    bool is_client() const noexcept;     // rank 0
    std::size_t size() const noexcept;   // ranks running tasks
    future<R> submit(F, Args...);
    std::vector<R> map(F, Range, std::size_t chunksize = 1);
    std::vector<R> map_for(F, Range, duration timeout, std::size_t chunksize = 1);
    void shutdown(bool wait = true, bool cancel_futures = false);
    @endcode

    Every rank of `comm` constructs it (SPMD). On rank 0 the constructor
    returns at once and the object is the client; on every other rank the
    constructor runs the tasks rank 0 sends until rank 0 shuts the executor
    down, and then returns an executor that is already shut down (its
    `submit` throws `std::logic_error`), so the program goes on after it —
    or returns from `main`, as doc/scale-out.md recommends. Alone (one
    rank), rank 0 runs the tasks itself on the executor's thread, through
    the same encoding.

    A task is a function, a capture-less lambda or a serializable class,
    with arguments and result that model `mpi::portable` (DESIGN §5 minus
    the shared-memory handles: a `queue` or `lock` argument is a compile
    error naming its type). Tasks cross ranks as (task id, encoded
    arguments): a rank running another build refuses a task with a
    `remote_error` naming `task_id_error` and both build ids, and never
    calls a wrong address. A task's exception comes back as its own type
    when `rebuild_exception` knows it, else as `remote_error`. Tasks take no
    stop token.

    Rank 0 keeps each worker rank a couple of batches of tasks ahead;
    `map` sends `chunksize` elements per task. Futures complete on the
    executor's dispatcher thread (where done callbacks run); `wait`,
    `as_completed` and `future<R>` are the executor module's.

    Failure: when a worker rank dies, Open MPI's `mpirun` ends the whole
    job (doc/scale-out.md says what is printed). Where the MPI library
    reports an error instead (the executor's communicator returns errors),
    every pending and later future fails with `broken_pool_error`.

    @par Thread Safety
    Every member may be called concurrently on rank 0. MPI must be
    initialised with at least `MPI_THREAD_SERIALIZED` when `comm` has more
    than one rank, and while the executor is open the program makes no MPI
    calls of its own from other threads unless MPI gives
    `MPI_THREAD_MULTIPLE`.
*/
class worker_pool_executor
{
public:
    using stop_token_type = detail::rank_no_token;

    /** Collective over `comm` (see above).
        @throws std::invalid_argument when MPI gives less than
        MPI_THREAD_SERIALIZED and `comm` has more than one rank, on every
        rank alike; broken_pool_error on a worker rank when MPI reports an
        error while it serves. */
    explicit worker_pool_executor(const boost::mpi::communicator& comm)
        : life_(std::make_unique<detail::rank_engine>(comm), "mpi::worker_pool_executor")
    {
        if (!life_.engine("worker_pool_executor").is_client())
            life_.close(phase::shut_down);
    }

    worker_pool_executor(worker_pool_executor&&) noexcept = default;
    worker_pool_executor& operator=(worker_pool_executor&&) = delete;

    /** `shutdown(true)` on rank 0. */
    ~worker_pool_executor() = default;

    /** True on rank 0, where the executor takes tasks. */
    bool is_client() const { return life_.engine("is_client").is_client(); }

    /** The ranks that run tasks: all but rank 0, or 1 when alone. */
    std::size_t size() const { return life_.engine("size").size(); }

    /** Queues `f(args…)`; its future.
        @throws std::logic_error after shutdown() and on worker ranks; what
        encoding the arguments throws. */
    template <class F, class... Args>
        requires std::invocable<std::decay_t<F>, std::decay_t<Args>...>
    future<detail::task_result_t<stop_token_type, F, Args...>> submit(F&& f, Args&&... args)
    {
        return detail::make_future(
            life_.open("submit").template submit<detail::plain_call>(std::forward<F>(f), std::forward<Args>(args)...));
    }

    /** `f(x)` for every `x` of `r`, `chunksize` elements per task; the
        results in input order (nothing for a `void` result).
        @throws the first task exception in input order;
        std::invalid_argument for chunksize 0. */
    template <class F, class Range>
        requires detail::map_task_for<stop_token_type, F, Range>
    detail::map_result_t<detail::element_result_t<false, stop_token_type, F, Range>>
    map(F&& f, Range&& r, std::size_t chunksize = 1)
    {
        auto chunks = detail::submit_chunks<false>(life_.open("map"), f, r, positive_chunksize(chunksize, "map"));
        return detail::gather_chunks<detail::element_result_t<false, stop_token_type, F, Range>>(std::move(chunks));
    }

    /** As `map`, with every result in within `timeout` of the call; the
        tasks not yet sent are then cancelled. @throws timeout_error. */
    template <class F, class Range, class Rep, class Period>
        requires detail::map_task_for<stop_token_type, F, Range>
    detail::map_result_t<detail::element_result_t<false, stop_token_type, F, Range>>
    map_for(F&& f, Range&& r, const std::chrono::duration<Rep, Period>& timeout, std::size_t chunksize = 1)
    {
        const detail::steady_time deadline = detail::deadline_after(timeout);
        auto chunks =
            detail::submit_chunks<false>(life_.open("map_for"), f, r, positive_chunksize(chunksize, "map_for"));
        return detail::gather_chunks_until<detail::element_result_t<false, stop_token_type, F, Range>>(
            std::move(chunks), deadline, "mpi::worker_pool_executor::map_for");
    }

    /** No more tasks; the worker ranks are told to stop once the queued
        tasks (all of them, or with `cancel_futures` only those already
        sent) have ended. `wait`: returns then. Calling it again, or on a
        worker rank, is harmless. */
    void shutdown(bool wait = true, bool cancel_futures = false)
    {
        if (cancel_futures)
            life_.cancel_pending(phase::shut_down);
        else
            life_.close(phase::shut_down);
        if (wait)
            (void)life_.join_until(detail::steady_time::max(), "shutdown");
    }

private:
    using phase = detail::pool_lifecycle<detail::rank_engine>::phase;

    static std::size_t positive_chunksize(std::size_t chunksize, const char* member)
    {
        if (chunksize == 0)
            throw std::invalid_argument(std::string("freethreading: mpi::worker_pool_executor::") + member +
                                        ": chunksize must be at least 1");
        return chunksize;
    }

    detail::pool_lifecycle<detail::rank_engine> life_;
};

static_assert(executor_of<worker_pool_executor, int (*)(int), int>);
static_assert(maps<worker_pool_executor, int (*)(int), int>);

} // namespace freethreading::mpi

#endif // FREETHREADING_MPI_WORKER_POOL_EXECUTOR_HPP
