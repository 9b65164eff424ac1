//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The facade refuses a std::function as a task (DESIGN §5 rule 1): what it
// holds cannot be rebuilt in another process. The first error names it.
// expect-first-error: serializable_check<std::function<int\(int\)> >

#include <freethreading/executor.hpp>

#include <functional>

void submit_a_function_object(freethreading::worker_pool_executor& ex)
{
    const std::function<int(int)> f = [](int x) { return x + 1; };
    (void)ex.submit(f, 1);
}
