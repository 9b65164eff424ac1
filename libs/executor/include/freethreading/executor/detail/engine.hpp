//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_ENGINE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_ENGINE_HPP

#include <freethreading/executor/detail/config.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/detail/task_call.hpp>

#include <freethreading/core/detail/deadline.hpp>

#include <concepts>
#include <cstddef>
#include <memory>
#include <span>
#include <utility>
#include <vector>

namespace freethreading::detail {

/** Which public class an engine serves; it decides the workers' default
    names (DESIGN §4.1): a pool's are `Thread-N` / `ForkPoolWorker-N`, an
    executor's `ThreadPoolExecutor-P_K` / `ForkProcess-N`. */
enum class pool_flavour : unsigned char
{
    pool,
    executor
};

/** The CPUs this process may run on: `sched_getaffinity`, capped by the
    cgroup's `cpu.max` quota (rounded up; read again at most once a second),
    at least 1 — Python's `os.process_cpu_count()`. What `0` workers means. */
FREETHREADING_EXECUTOR_DECL std::size_t usable_cpu_count() noexcept;

/** What the public pool and executor classes need of the engine that runs
    their tasks (one per backend: `thread_engine<Domain>`,
    `process_engine<Domain>`), so that `map`, chunking, `imap` and result
    assembly are written once over it (DESIGN §3):

    - `E(std::size_t workers, const pool_options&, pool_flavour)` and
      `E(workers, options, flavour, init, initargs…)`: `workers` 0 means
      `usable_cpu_count()`. The initializer runs in each worker before its
      first task; if it throws, the pool is broken: every pending and later
      task fails with `broken_pool_error` carrying its message, and the
      constructor rethrows when that happens while it runs.
    - `e.template submit<Call>(f, args…)` queues one task called through
      `Call` (task_call.hpp) and returns its state;
      `std::logic_error` after `close()`.
    - `e.close()`: no more tasks; queued ones still run.
    - `e.join_until(deadline)`: after `close()` or `terminate()`, waits until
      every task has ended and every worker has exited; false on timeout.
      `std::logic_error` before either.
    - `e.terminate()`: closes, cancels what has not started, stops the
      workers (a process is killed; a thread finishes its task and its stop
      token is requested).
    - `e.size()`: the number of workers.
*/
template <class E>
concept pool_engine = requires(E& e, const E& ce, steady_time t) {
    typename E::stop_token_type;
    { e.close() } noexcept;
    { e.join_until(t) } -> std::same_as<bool>;
    { e.terminate() };
    { ce.size() } noexcept -> std::same_as<std::size_t>;
    { e.template submit<plain_call>(+[] { return 1; }) } -> std::same_as<std::shared_ptr<future_state<int>>>;
};

/** Queues `f(a)` called through `Call` for each `a` of `args` (moved from),
    in order, and appends their states to `out`: in one call to an engine
    that queues a batch under one lock (`e.submit_each`), else one `submit`
    each. */
template <class Call, class Engine, class F, class Arg, class State>
void queue_each(Engine& e, F& f, std::span<Arg> args, std::vector<std::shared_ptr<State>>& out)
{
    if constexpr (requires { e.template submit_each<Call>(f, args, out); }) {
        e.template submit_each<Call>(f, args, out);
    } else {
        for (Arg& a : args)
            out.push_back(e.template submit<Call>(f, std::move(a)));
    }
}

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_ENGINE_HPP
