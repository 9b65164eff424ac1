//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// An initializer's arguments cross into every worker as a task's do: a
// pointer among them is refused (DESIGN §4.1, §5).
// expect-first-error: serializable_check<int\*>
// expect-first-error: a raw pointer cannot cross into another process

#include <freethreading/executor/detail/process_engine.hpp>

void init(int* counter);

void make_with_a_pointer(int* counter)
{
    freethreading::detail::process_engine<freethreading::detail::shared_memory> e(
        1, {}, freethreading::detail::pool_flavour::pool, &init, counter);
}
