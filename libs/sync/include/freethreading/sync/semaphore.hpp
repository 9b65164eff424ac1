//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_SEMAPHORE_HPP
#define FREETHREADING_SYNC_SEMAPHORE_HPP

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/detail/handle_codec.hpp>
#include <freethreading/sync/detail/basic_semaphore.hpp>

namespace freethreading {

namespace threading {
/** A semaphore of the threads of one process. */
using semaphore = detail::basic_semaphore<detail::in_process, false>;
} // namespace threading

namespace multiprocessing {
/** A semaphore in the shared segment, for forked processes. */
using semaphore = detail::basic_semaphore<detail::shared_memory, false>;
} // namespace multiprocessing

/** A semaphore of the backend `get_backend()` names when it is made. */
using semaphore = detail::basic_semaphore<detail::runtime, false>;

static_assert(semaphore_like<threading::semaphore> && primitive_handle<threading::semaphore>);
static_assert(semaphore_like<multiprocessing::semaphore> && primitive_handle<multiprocessing::semaphore>);
static_assert(semaphore_like<semaphore> && primitive_handle<semaphore>);

} // namespace freethreading

#endif // FREETHREADING_SYNC_SEMAPHORE_HPP
