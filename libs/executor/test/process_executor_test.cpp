//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// multiprocessing::worker_pool_executor: the executor_of suite (the Python
// package's WorkerPoolExecutor tests, the seed's examples and the rest of
// DESIGN §4.1) over the process engine.

#include <freethreading/executor/worker_pool_executor.hpp>

#include "executor_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

// The facade runs on the backend of the run (ctest and b2 run this program under both).
using executor_types = std::tuple<freethreading::multiprocessing::worker_pool_executor, freethreading::worker_pool_executor>;

#define FREETHREADING_EXECUTOR_CASE(name)                                                                      \
    BOOST_AUTO_TEST_CASE_TEMPLATE(name, E, executor_types)                                                     \
    {                                                                                                          \
        executor_conformance::test_##name<E>();                                                                \
    }

FREETHREADING_EXECUTOR_CASE(models_executor_of)
FREETHREADING_EXECUTOR_CASE(submit)
FREETHREADING_EXECUTOR_CASE(map)
FREETHREADING_EXECUTOR_CASE(shutdown_then_submit_is_a_logic_error)
FREETHREADING_EXECUTOR_CASE(the_seeds_factorials)
FREETHREADING_EXECUTOR_CASE(the_primes_from_500_to_599)
FREETHREADING_EXECUTOR_CASE(pending_futures_can_be_cancelled)
FREETHREADING_EXECUTOR_CASE(shutdown_cancel_futures)
FREETHREADING_EXECUTOR_CASE(a_standard_exception_comes_back_as_itself)
FREETHREADING_EXECUTOR_CASE(a_user_exception_comes_back_as_remote_error)
FREETHREADING_EXECUTOR_CASE(request_stop_ends_a_running_task)
FREETHREADING_EXECUTOR_CASE(task_timeout)
FREETHREADING_EXECUTOR_CASE(max_tasks_per_child_replaces_workers)
FREETHREADING_EXECUTOR_CASE(an_initializer_that_throws_breaks_the_executor)
FREETHREADING_EXECUTOR_CASE(map_for)
FREETHREADING_EXECUTOR_CASE(zero_workers_is_the_usable_cpus)
FREETHREADING_EXECUTOR_CASE(map_of_void_and_of_bool)
