//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_CONDITION_HPP
#define FREETHREADING_SYNC_CONDITION_HPP

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/detail/basic_condition.hpp>
#include <freethreading/sync/lock.hpp>
#include <freethreading/sync/rlock.hpp>

namespace freethreading {

namespace threading {
/** A condition of the threads of one process. */
using condition = detail::basic_condition<detail::in_process>;
} // namespace threading

namespace multiprocessing {
/** A condition in the shared segment, with a robust lock. */
using condition = detail::basic_condition<detail::shared_memory>;
} // namespace multiprocessing

/** A condition of the backend `get_backend()` names when it is made. */
using condition = detail::basic_condition<detail::runtime>;

static_assert(condition_like<threading::condition> && primitive_handle<threading::condition>);
static_assert(condition_like<multiprocessing::condition> && primitive_handle<multiprocessing::condition>);
static_assert(condition_like<condition> && primitive_handle<condition>);

} // namespace freethreading

#endif // FREETHREADING_SYNC_CONDITION_HPP
