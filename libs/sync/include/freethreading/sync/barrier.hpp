//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_BARRIER_HPP
#define FREETHREADING_SYNC_BARRIER_HPP

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/detail/handle_codec.hpp>
#include <freethreading/sync/detail/basic_barrier.hpp>

namespace freethreading {

namespace threading {
/** A barrier of the threads of one process. */
using barrier = detail::basic_barrier<detail::in_process>;
} // namespace threading

namespace multiprocessing {
/** A barrier in the shared segment, for forked processes. */
using barrier = detail::basic_barrier<detail::shared_memory>;
} // namespace multiprocessing

/** A barrier of the backend `get_backend()` names when it is made. */
using barrier = detail::basic_barrier<detail::runtime>;

static_assert(barrier_like<threading::barrier> && primitive_handle<threading::barrier>);
static_assert(barrier_like<multiprocessing::barrier> && primitive_handle<multiprocessing::barrier>);
static_assert(barrier_like<barrier> && primitive_handle<barrier>);

} // namespace freethreading

#endif // FREETHREADING_SYNC_BARRIER_HPP
