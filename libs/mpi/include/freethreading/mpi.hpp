//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_MPI_HPP
#define FREETHREADING_MPI_HPP

// The MPI module (optional: built where Boost.MPI is found): the executor's
// tasks on the ranks of an MPI job. Not part of <freethreading.hpp>.
#include <freethreading/mpi/portable.hpp>
#include <freethreading/mpi/worker_pool_executor.hpp>

#include <freethreading/executor/as_completed.hpp>
#include <freethreading/executor/future.hpp>
#include <freethreading/executor/wait.hpp>

#endif // FREETHREADING_MPI_HPP
