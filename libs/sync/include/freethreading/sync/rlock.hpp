//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_RLOCK_HPP
#define FREETHREADING_SYNC_RLOCK_HPP

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/detail/handle_codec.hpp>
#include <freethreading/sync/detail/basic_mutex.hpp>

namespace freethreading {

namespace threading {
/** A lock its owner may take again (one `unlock` per `lock`). */
using recursive_mutex = detail::basic_mutex<detail::in_process, true>;
/** Python's name for `recursive_mutex`. */
using rlock = recursive_mutex;
} // namespace threading

namespace multiprocessing {
/** A robust recursive lock in the shared segment. */
using recursive_mutex = detail::basic_mutex<detail::shared_memory, true>;
/** Python's name for `recursive_mutex`. */
using rlock = recursive_mutex;
} // namespace multiprocessing

/** A recursive lock of the backend `get_backend()` names when it is made. */
using recursive_mutex = detail::basic_mutex<detail::runtime, true>;
/** Python's name for `recursive_mutex`. */
using rlock = recursive_mutex;

static_assert(timed_lockable<threading::recursive_mutex>);
static_assert(timed_lockable<multiprocessing::recursive_mutex>);
static_assert(timed_lockable<recursive_mutex>);

} // namespace freethreading

#endif // FREETHREADING_SYNC_RLOCK_HPP
