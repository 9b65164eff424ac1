//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// multiprocessing::worker_pool: the worker_pool_of suite (the Python
// package's WorkerPool tests and the rest of DESIGN §4.1) over the process
// engine. What only a process pool shows is in process_*_test.cpp, against
// the engine itself.

#include <freethreading/executor/worker_pool.hpp>

#include "pool_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <tuple>

// The facade runs on the backend of the run (ctest and b2 run this program under both).
using pool_types = std::tuple<freethreading::multiprocessing::worker_pool, freethreading::worker_pool>;

#define FREETHREADING_POOL_CASE(name)                                                                          \
    BOOST_AUTO_TEST_CASE_TEMPLATE(name, P, pool_types)                                                         \
    {                                                                                                          \
        pool_conformance::test_##name<P>();                                                                    \
    }

FREETHREADING_POOL_CASE(models_worker_pool_of)
FREETHREADING_POOL_CASE(apply_with_args)
FREETHREADING_POOL_CASE(apply_async_get_for)
FREETHREADING_POOL_CASE(apply_async_callback)
FREETHREADING_POOL_CASE(map)
FREETHREADING_POOL_CASE(map_chunksize)
FREETHREADING_POOL_CASE(map_async)
FREETHREADING_POOL_CASE(imap_in_order)
FREETHREADING_POOL_CASE(imap_unordered_sorted_equal)
FREETHREADING_POOL_CASE(starmap)
FREETHREADING_POOL_CASE(starmap_async)
FREETHREADING_POOL_CASE(close_join)
FREETHREADING_POOL_CASE(terminate_then_apply_is_a_logic_error)
FREETHREADING_POOL_CASE(join_before_close_is_a_logic_error)
FREETHREADING_POOL_CASE(map_rethrows_the_first_exception_in_input_order)
FREETHREADING_POOL_CASE(imap_rethrows_at_the_failed_element)
FREETHREADING_POOL_CASE(imap_has_timed_waits)
FREETHREADING_POOL_CASE(imap_outlives_its_pool)
FREETHREADING_POOL_CASE(void_tasks)
FREETHREADING_POOL_CASE(vector_bool_results)
FREETHREADING_POOL_CASE(bad_chunksize_is_invalid)
FREETHREADING_POOL_CASE(zero_workers_is_the_usable_cpus)
FREETHREADING_POOL_CASE(a_moved_pool_goes_on)
FREETHREADING_POOL_CASE(an_initializer_that_throws_breaks_the_pool)
