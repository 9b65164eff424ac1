//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A const char* argument is a pointer into the caller's memory (DESIGN §5
// rule 1): the facade refuses it and the first error names the type.
// expect-first-error: serializable_check<const char\*>

#include <freethreading/executor.hpp>

#include <cstddef>

std::size_t length(const char* s);

void submit_a_pointer(freethreading::worker_pool_executor& ex)
{
    (void)ex.submit(&length, "a literal");
}
