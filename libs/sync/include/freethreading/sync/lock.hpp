//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_LOCK_HPP
#define FREETHREADING_SYNC_LOCK_HPP

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/detail/handle_codec.hpp>
#include <freethreading/sync/detail/basic_mutex.hpp>

namespace freethreading {

namespace threading {
/** A lock of the threads of one process. */
using mutex = detail::basic_mutex<detail::in_process, false>;
/** Python's name for `mutex`. */
using lock = mutex;
} // namespace threading

namespace multiprocessing {
/** A robust lock in the shared segment, for forked processes. */
using mutex = detail::basic_mutex<detail::shared_memory, false>;
/** Python's name for `mutex`. */
using lock = mutex;
} // namespace multiprocessing

/** A lock of the backend `get_backend()` names when it is made. */
using mutex = detail::basic_mutex<detail::runtime, false>;
/** Python's name for `mutex`. */
using lock = mutex;

static_assert(timed_lockable<threading::mutex> && primitive_handle<threading::mutex>);
static_assert(timed_lockable<multiprocessing::mutex> && primitive_handle<multiprocessing::mutex>);
static_assert(timed_lockable<mutex> && primitive_handle<mutex>);

} // namespace freethreading

#endif // FREETHREADING_SYNC_LOCK_HPP
