//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A future passed to a facade task (DESIGN §4.1, §5 rule 1): refused, and
// the first error names the future's type.
// expect-first-error: serializable_check<freethreading::future<int> >

#include <freethreading/executor.hpp>

int wait_for_it(freethreading::future<int> f);

void submit_a_future(freethreading::worker_pool_executor& ex, freethreading::future<int> f)
{
    (void)ex.submit(&wait_for_it, f);
}
