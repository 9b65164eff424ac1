//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The executor module's executor_of suite (libs/executor/test/
// executor_conformance.hpp), the clauses that apply to an MPI executor, run
// over mpi::worker_pool_executor with 1 and with 3 ranks. Left out: stop
// tokens, task_timeout, max_tasks_per_child, initializers and the worker
// count (an MPI executor has none of them), and the clauses that hold a task
// with a multiprocessing::event (a handle cannot cross ranks; this
// directory's worker_pool_executor_test.cpp covers cancel, shutdown with
// cancel_futures and map_for without one).
//
// The suite makes `E ex(n)`; here E constructs the executor over the world
// communicator, and on a worker rank, once its constructor has served,
// throws `served` so that the case ends there: only rank 0 runs the clause.

#include <freethreading/mpi.hpp>

#include <freethreading/executor.hpp>

#include "../../executor/test/executor_conformance.hpp"

#include <boost/mpi/environment.hpp>
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <optional>

namespace {

struct served
{
};

class world_executor : public freethreading::mpi::worker_pool_executor
{
public:
    explicit world_executor(std::size_t) : worker_pool_executor(boost::mpi::communicator())
    {
        if (!is_client())
            throw served{};
    }
};

template <class F>
void on_every_rank(F clause)
{
    try {
        clause();
    } catch (const served&) {
        // A worker rank: it ran rank 0's tasks in the constructor.
    }
}

// MPI for the whole program, and a first round trip, before the leak
// check's first count (see worker_pool_executor_test.cpp).
struct mpi_job
{
    void setup()
    {
        static std::optional<boost::mpi::environment> env;
        if (env)
            return;
        env.emplace(boost::mpi::threading::serialized);
        on_every_rank([] { (void)world_executor(2).submit(pool_tests::square, 2).get(); });
    }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(mpi_job);

// One case per clause of the suite that applies.
#define FREETHREADING_MPI_CONFORMANCE_CASE(clause)                                                                     \
    BOOST_AUTO_TEST_CASE(clause)                                                                                       \
    {                                                                                                                  \
        on_every_rank(executor_conformance::test_##clause<world_executor>);                                            \
    }

FREETHREADING_MPI_CONFORMANCE_CASE(submit)
FREETHREADING_MPI_CONFORMANCE_CASE(map)
FREETHREADING_MPI_CONFORMANCE_CASE(shutdown_then_submit_is_a_logic_error)
FREETHREADING_MPI_CONFORMANCE_CASE(the_seeds_factorials)
FREETHREADING_MPI_CONFORMANCE_CASE(the_primes_from_500_to_599)
FREETHREADING_MPI_CONFORMANCE_CASE(a_standard_exception_comes_back_as_itself)
FREETHREADING_MPI_CONFORMANCE_CASE(a_user_exception_comes_back_as_remote_error)
FREETHREADING_MPI_CONFORMANCE_CASE(map_of_void_and_of_bool)
