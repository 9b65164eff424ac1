//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A shared-memory queue handle cannot cross to another MPI rank: the error
// names the handle's type and says why.
// expect-error: rank_portable_check<freethreading::detail::basic_queue<int
// expect-error: cannot cross to another MPI rank

#include <freethreading/mpi.hpp>
#include <freethreading/queue.hpp>

int size_of(freethreading::multiprocessing::queue<int> q)
{
    return static_cast<int>(q.size());
}

void submit(freethreading::mpi::worker_pool_executor& ex, freethreading::multiprocessing::queue<int> q)
{
    (void)ex.submit(&size_of, q);
}
