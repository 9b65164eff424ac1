//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_HPP
#define FREETHREADING_EXECUTOR_HPP

// The executor module: worker pools, executors and their futures.
#include <freethreading/executor/as_completed.hpp>
#include <freethreading/executor/asio.hpp>
#include <freethreading/executor/async_result.hpp>
#include <freethreading/executor/concepts.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/future.hpp>
#include <freethreading/executor/pool_options.hpp>
#include <freethreading/executor/return_when.hpp>
#include <freethreading/executor/wait.hpp>
#include <freethreading/executor/worker_pool.hpp>
#include <freethreading/executor/worker_pool_executor.hpp>

#endif // FREETHREADING_EXECUTOR_HPP
