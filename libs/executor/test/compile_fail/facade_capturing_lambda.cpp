//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The facade enforces DESIGN §5 on both backends: a lambda with captures
// submitted to freethreading::worker_pool_executor does not compile, and
// the first error says why.
// expect-first-error: serializable_check<
// expect-first-error: like a lambda with captures

#include <freethreading/executor.hpp>

void submit_a_closure(freethreading::worker_pool_executor& ex)
{
    int total = 0;
    (void)ex.submit([&total](int x) { return total + x; }, 1);
}
