//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A multiprocessing queue of raw pointers is refused (DESIGN §5 rule 1): the
// first error names the pointer type and suggests a value type.
// expect-first-error: serializable_check<int\*>
// expect-first-error: a raw pointer cannot cross into another process. pass a value type \(std::string, std::vector\)

#include <freethreading/queue/queue.hpp>

void queue_a_pointer()
{
    static int value = 42;
    freethreading::multiprocessing::queue<int*> q;
    q.put(&value);
}
