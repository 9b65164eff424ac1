//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_WORKER_HPP
#define FREETHREADING_WORKER_WORKER_HPP

#include <freethreading/worker/concepts.hpp>
#include <freethreading/worker/detail/basic_worker.hpp>
#include <freethreading/worker/worker_info.hpp>

namespace freethreading {

namespace threading {
/** A worker that is a thread of this process. */
using worker = detail::basic_worker<detail::in_process>;
} // namespace threading

namespace multiprocessing {
/** A worker that is a forked process. */
using worker = detail::basic_worker<detail::shared_memory>;
} // namespace multiprocessing

/** A worker of the backend `get_backend()` names when it is made. */
using worker = detail::basic_worker<detail::runtime>;

static_assert(worker_like<threading::worker> && worker_like<multiprocessing::worker> && worker_like<worker>);

} // namespace freethreading

#endif // FREETHREADING_WORKER_WORKER_HPP
