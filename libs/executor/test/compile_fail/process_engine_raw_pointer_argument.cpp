//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A raw pointer cannot cross into a pool's worker process: submit refuses
// it at compile time, and the first error names the type (DESIGN §5).
// expect-first-error: serializable_check<const char\*>
// expect-first-error: a raw pointer cannot cross into another process. pass a value type

#include <freethreading/executor/detail/process_engine.hpp>

int length(const char* s);

void submit_a_pointer(freethreading::detail::process_engine<freethreading::detail::shared_memory>& e)
{
    (void)e.submit<freethreading::detail::plain_call>(&length, "borrowed");
}
