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

FREETHREADING_TEST_POOL_CASES(pool_types)
