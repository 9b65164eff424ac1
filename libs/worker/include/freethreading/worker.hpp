//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_HPP
#define FREETHREADING_WORKER_HPP

// The worker module: workers that are threads or forked processes, and the
// functions that enumerate them.

#include <freethreading/worker/concepts.hpp>
#include <freethreading/worker/functions.hpp>
#include <freethreading/worker/worker.hpp>
#include <freethreading/worker/worker_info.hpp>

#endif // FREETHREADING_WORKER_HPP
