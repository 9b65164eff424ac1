//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The facade queue refuses an aggregate with a const char* field as the
// multiprocessing queue does: the first error names the aggregate, the field
// (its index, from 0, and its type) and suggests a value type.
// expect-first-error: serializable_check<const char\*>
// expect-first-error: Aggregate = named_job
// expect-first-error: FieldIndex = 1
// expect-first-error: FieldType = const char\*
// expect-first-error: a raw pointer cannot cross into another process. pass a value type \(std::string, std::vector\)

#include <freethreading/queue/queue.hpp>

struct named_job
{
    int id;
    const char* name;
};

void queue_a_job()
{
    freethreading::queue<named_job> q;
    q.put(named_job{1, "first"});
}
