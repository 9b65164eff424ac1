//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_EVENT_HPP
#define FREETHREADING_SYNC_EVENT_HPP

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/detail/handle_codec.hpp>
#include <freethreading/sync/detail/basic_event.hpp>

namespace freethreading {

namespace threading {
/** An event of the threads of one process. */
using event = detail::basic_event<detail::in_process>;
} // namespace threading

namespace multiprocessing {
/** An event in the shared segment, for forked processes. */
using event = detail::basic_event<detail::shared_memory>;
} // namespace multiprocessing

/** An event of the backend `get_backend()` names when it is made. */
using event = detail::basic_event<detail::runtime>;

static_assert(event_like<threading::event> && primitive_handle<threading::event>);
static_assert(event_like<multiprocessing::event> && primitive_handle<multiprocessing::event>);
static_assert(event_like<event> && primitive_handle<event>);

} // namespace freethreading

#endif // FREETHREADING_SYNC_EVENT_HPP
