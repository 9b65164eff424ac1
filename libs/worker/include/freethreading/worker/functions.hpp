//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_FUNCTIONS_HPP
#define FREETHREADING_WORKER_FUNCTIONS_HPP

#include <freethreading/worker/detail/config.hpp>
#include <freethreading/worker/worker_info.hpp>

#include <cstddef>
#include <vector>

namespace freethreading {

/** The worker the caller runs in; in the main thread `"MainThread"` on the
    threading backend, `"MainProcess"` on the multiprocessing one (DESIGN §4.1). */
FREETHREADING_WORKER_DECL worker_info current_worker();

/** The live workers (and pool workers) started by this process, in start
    order, without the caller; on the threading backend the main thread is
    included when the caller is not it. */
FREETHREADING_WORKER_DECL std::vector<worker_info> active_children();

/** The caller, then `active_children()`. */
FREETHREADING_WORKER_DECL std::vector<worker_info> enumerate();

/** `enumerate().size()`. */
FREETHREADING_WORKER_DECL std::size_t active_count();

/** The kernel thread id on the threading backend, the pid on the
    multiprocessing one (so in a main thread both give the pid). */
FREETHREADING_WORKER_DECL ident_type get_ident() noexcept;

} // namespace freethreading

#endif // FREETHREADING_WORKER_FUNCTIONS_HPP
