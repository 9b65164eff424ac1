//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_WORKER_INFO_HPP
#define FREETHREADING_WORKER_WORKER_INFO_HPP

#include <cstdint>
#include <string>

namespace freethreading {

/** A worker's identifier: the kernel thread id of a thread worker, the pid
    of a process worker (so both give the pid in a main thread). */
using ident_type = std::int64_t;

/** Options of a worker, for designated initializers:
    `worker(worker_options{.name = "Sleeper", .daemon = true}, f)`. */
struct worker_options
{
    std::string name{};  ///< empty: Python's default, "Thread-N" / "Process-N"
    bool daemon = false; ///< a daemon worker is not joined by its last handle
};

/** What `current_worker()`, `active_children()` and `enumerate()` report. */
struct worker_info
{
    std::string name{};
    ident_type ident = 0;
    bool daemon = false;
    bool alive = false;
};

} // namespace freethreading

#endif // FREETHREADING_WORKER_WORKER_INFO_HPP
