//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A lambda with captures is not a portable callable: its captures may be
// references, and it cannot be rebuilt in a worker (DESIGN §5).
// expect-first-error: serializable_check<
// expect-first-error: like a lambda with captures

#include <freethreading/executor/detail/process_engine.hpp>

void submit_a_closure(freethreading::detail::process_engine<freethreading::detail::shared_memory>& e)
{
    int total = 0;
    (void)e.submit<freethreading::detail::plain_call>([&total](int x) { return total + x; }, 1);
}
