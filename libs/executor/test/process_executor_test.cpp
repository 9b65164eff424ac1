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

FREETHREADING_TEST_EXECUTOR_CASES(executor_types)
