//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_QUEUE_HPP
#define FREETHREADING_QUEUE_QUEUE_HPP

#include <freethreading/queue/concepts.hpp>
#include <freethreading/queue/detail/basic_queue.hpp>
#include <freethreading/queue/detail/queue_codec.hpp>

namespace freethreading {

namespace threading {
/** A queue of the threads of one process; any movable `T`. */
template <class T>
using queue = detail::basic_queue<T, detail::in_process>;
} // namespace threading

namespace multiprocessing {
/** A queue in the shared segment, for forked processes; `T` must be
    `serializable`. */
template <class T>
using queue = detail::basic_queue<T, detail::shared_memory>;
} // namespace multiprocessing

/** A queue of the backend `get_backend()` names when it is made; `T` must be
    `serializable`, so the same code compiles for both backends. */
template <class T>
using queue = detail::basic_queue<T, detail::runtime>;

static_assert(queue_of<threading::queue<int>, int>);
static_assert(queue_of<multiprocessing::queue<int>, int>);
static_assert(queue_of<queue<int>, int>);

} // namespace freethreading

#endif // FREETHREADING_QUEUE_QUEUE_HPP
