//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_MPI_DETAIL_RANK_ENGINE_HPP
#define FREETHREADING_MPI_DETAIL_RANK_ENGINE_HPP

// The engine of mpi::worker_pool_executor: on rank 0 (the client) a
// dispatcher thread keeps each worker rank a few batches of tasks ahead and
// completes futures from their replies; on every other rank the constructor
// serves tasks until the client stops it. It has the members the executor
// module's chunking (pool_chunks.hpp) and lifecycle (pool_lifecycle.hpp)
// use, so `map` is theirs.

#include <freethreading/mpi/detail/config.hpp>
#include <freethreading/mpi/detail/rank_task.hpp>

#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/detail/task_call.hpp>

#include <freethreading/core/detail/deadline.hpp>

#include <boost/mpi/communicator.hpp>

#include <cstddef>
#include <memory>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

class rank_engine_state;

class FREETHREADING_MPI_DECL rank_engine
{
public:
    using stop_token_type = rank_no_token;

    /** Collective over `comm`: every rank constructs it. On rank 0 it
        returns at once; on the others it serves tasks, and returns when
        rank 0 closes the engine.
        @throws std::invalid_argument when the MPI library was initialised
        with less than `MPI_THREAD_SERIALIZED` and `comm` has more than one
        rank (the same on every rank); broken_pool_error on a worker rank
        when MPI reports an error. */
    explicit rank_engine(const boost::mpi::communicator& comm);
    ~rank_engine();
    rank_engine(const rank_engine&) = delete;
    rank_engine& operator=(const rank_engine&) = delete;

    /** True on rank 0. */
    bool is_client() const noexcept;

    /** The ranks that run tasks: the others, or rank 0 itself when alone. */
    std::size_t size() const noexcept;

    /** This process's rank in the communicator. */
    int rank() const noexcept;

    /** Queues `f(args…)` called through `Call`; its state. The callable and
        arguments are encoded here. @throws what encoding throws,
        task_id_error. */
    template <class Call, class F, class... Args>
    auto submit(F&& f, Args&&... args)
    {
        using task = rank_task<Call, std::decay_t<F>, std::decay_t<Args>...>;
        auto t = std::make_shared<task>(std::forward<F>(f), std::forward<Args>(args)...);
        enqueue(t);
        return std::shared_ptr<future_state<typename task::result_type>>(std::move(t));
    }

    /** No more tasks; the queued ones are still sent. */
    void close() noexcept;
    /** No more tasks; the queued ones are cancelled; sent ones finish. */
    void cancel_pending();
    void terminate() { cancel_pending(); }
    /** After close: waits until every task has ended and the worker ranks
        were told to stop; false on timeout. */
    bool join_until(steady_time deadline);

private:
    void enqueue(std::shared_ptr<rank_task_base> t);

    std::unique_ptr<rank_engine_state> state_;
};

/** Test hook: while set, the client sends every task with its
    trampoline's build id altered, as a rank running another build of the
    program would see it. */
FREETHREADING_MPI_DECL void rank_test_send_foreign_build_ids(bool on) noexcept;

} // namespace freethreading::detail

#endif // FREETHREADING_MPI_DETAIL_RANK_ENGINE_HPP
