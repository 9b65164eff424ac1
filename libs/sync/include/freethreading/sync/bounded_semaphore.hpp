//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_BOUNDED_SEMAPHORE_HPP
#define FREETHREADING_SYNC_BOUNDED_SEMAPHORE_HPP

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/detail/handle_codec.hpp>
#include <freethreading/sync/detail/basic_semaphore.hpp>

namespace freethreading {

namespace threading {
/** A semaphore whose `release` refuses to pass the initial value. */
using bounded_semaphore = detail::basic_semaphore<detail::in_process, true>;
} // namespace threading

namespace multiprocessing {
/** A bounded semaphore in the shared segment. */
using bounded_semaphore = detail::basic_semaphore<detail::shared_memory, true>;
} // namespace multiprocessing

/** A bounded semaphore of the backend `get_backend()` names when it is made. */
using bounded_semaphore = detail::basic_semaphore<detail::runtime, true>;

static_assert(semaphore_like<threading::bounded_semaphore>);
static_assert(semaphore_like<multiprocessing::bounded_semaphore>);
static_assert(semaphore_like<bounded_semaphore>);

} // namespace freethreading

#endif // FREETHREADING_SYNC_BOUNDED_SEMAPHORE_HPP
