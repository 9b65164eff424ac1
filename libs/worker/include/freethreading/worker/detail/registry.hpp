//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_DETAIL_REGISTRY_HPP
#define FREETHREADING_WORKER_DETAIL_REGISTRY_HPP

#include <freethreading/worker/detail/config.hpp>
#include <freethreading/worker/detail/worker_core.hpp>

#include <memory>
#include <vector>

namespace freethreading::detail {

/** Records a started worker of this process (in start order). The registry
    keeps it until it has ended, so a daemon process worker can be ended at
    exit even when no handle is left. */
FREETHREADING_WORKER_DECL void register_worker(std::shared_ptr<worker_core> w);

/** Takes back the registration of a worker whose start failed. */
FREETHREADING_WORKER_DECL void unregister_worker(const worker_core* w) noexcept;

/** The started workers of this process that have not been seen to end. */
FREETHREADING_WORKER_DECL std::vector<std::shared_ptr<worker_core>> registered_workers();

/** Sets what `current_worker()` reports in a forked worker process. */
FREETHREADING_WORKER_DECL void set_process_identity(worker_core* self) noexcept;

/** The worker this process is (in a forked worker process), or null. */
FREETHREADING_WORKER_DECL worker_core* process_identity() noexcept;

} // namespace freethreading::detail

#endif // FREETHREADING_WORKER_DETAIL_REGISTRY_HPP
