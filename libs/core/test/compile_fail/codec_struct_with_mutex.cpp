//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// An aggregate holding a std::mutex: the error names the aggregate and the mutex.
// expect-error: this type has no encoding
// expect-error: FieldType = std::mutex
// expect-error: T = job_state
// expect-first-error: serializable_check<std::mutex>
// expect-first-error: Aggregate = job_state
// expect-first-error: FieldIndex = 1
// expect-first-error: this type has no encoding

#include <freethreading/core/codec.hpp>

#include <mutex>
#include <string>

struct job_state
{
    std::string name;
    std::mutex guard;
};

void encode_job(const job_state& job, freethreading::detail::byte_buffer& out)
{
    freethreading::detail::encode(job, out);
}
