//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The facade queue may keep its items in shared memory (the backend is chosen
// at run time), so it refuses raw pointers as the multiprocessing queue does:
// the first error names the pointer type and suggests a value type.
// expect-first-error: serializable_check<int\*>
// expect-first-error: a raw pointer cannot cross into another process. pass a value type \(std::string, std::vector\)

#include <freethreading/queue/queue.hpp>

void queue_a_pointer()
{
    static int value = 42;
    freethreading::queue<int*> q;
    q.put(&value);
}
