//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A lock handle inside an aggregate argument: the error names the field's
// type.
// expect-error: rank_portable_check<freethreading::detail::basic_mutex<freethreading::detail::shared_memory
// expect-error: check_rank_part\(\) .with Outer = guarded. Part = basic_mutex
// expect-error: cannot cross to another MPI rank

#include <freethreading/mpi.hpp>
#include <freethreading/sync.hpp>

struct guarded
{
    int value;
    freethreading::multiprocessing::lock guard;
};

int guarded_value(guarded g)
{
    return g.value;
}

void submit(freethreading::mpi::worker_pool_executor& ex, guarded g)
{
    (void)ex.submit(&guarded_value, g);
}
