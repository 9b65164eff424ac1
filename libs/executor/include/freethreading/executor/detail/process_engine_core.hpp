//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_PROCESS_ENGINE_CORE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_PROCESS_ENGINE_CORE_HPP

#include <freethreading/executor/detail/config.hpp>
#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/detail/handler_node.hpp>
#include <freethreading/executor/detail/process_task.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/task_id.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <sys/types.h>
#include <vector>

namespace freethreading::detail {

/** A pool's initializer, encoded: its trampoline and its bytes. */
struct process_initializer
{
    task_id trampoline{};
    byte_buffer bytes;
};

/** Everything of a process pool that does not depend on its tasks' types
    (DESIGN §6 "Pools"): the zygote and the workers it forks, the task slots
    and the ring in the segment, the completion thread that moves results
    into future states, and the supervisor thread that watches the workers
    by pidfd, replaces the dead and enforces `task_timeout`.
    `process_engine<Domain>` is a typed front over it.

    The state lives behind a pointer that tasks keep (for `cancel`), so the
    core may be moved; every task has ended before that state is destroyed.

    @par Thread Safety
    Every member may be called concurrently, except that the destructor
    must not race with any other member.
*/
class FREETHREADING_EXECUTOR_DECL process_engine_core
{
public:
    /** Starts the zygote and `workers` workers (0: `usable_cpu_count()`),
        each running `init` first when given; with an initializer, waits
        until each has run it.
        @throws broken_pool_error if the initializer threw (the pool is then
        stopped); std::system_error, segment_exhausted_error, task_id_error
        if the pool cannot be made. */
    process_engine_core(std::size_t workers, const pool_options& options, pool_flavour flavour,
                        std::optional<process_initializer> init);

    process_engine_core(process_engine_core&&) noexcept;
    process_engine_core& operator=(process_engine_core&&) = delete;

    /** Closes the pool, waits for the queued work to finish, and stops
        the workers and the zygote (DESIGN §4.3). */
    ~process_engine_core();

    /** Queues `task`. If the pool is broken, the task fails at once with
        broken_pool_error; if writing it fails, it fails with that error.
        @throws std::logic_error after `close()` or `terminate()`. */
    void submit(std::shared_ptr<process_task_base> task);

    /** Queues `tasks` in order, as `submit` each, under one lock: the
        workers are rung for the batch once.
        @throws std::logic_error after `close()` or `terminate()` (then none
        of them is queued). */
    void submit(std::span<const std::shared_ptr<process_task_base>> tasks);

    /** Queues `h` for the completion thread, which runs the handlers it
        was given in order between its rounds, and those still queued before
        it ends. False, and `h` is dropped, once it has ended. */
    bool post(std::unique_ptr<handler_node> h);

    /** The calling thread is the completion thread. */
    bool in_completion_thread() const noexcept;

    /** No more tasks; queued ones still run. */
    void close() noexcept;

    /** After `close()` or `terminate()`: waits until every task has ended
        and every worker has exited; false on timeout.
        @throws std::logic_error before either. */
    bool join_until(steady_time deadline);

    /** Closes, cancels what has not started, and kills the workers (their
        running tasks fail with broken_pool_error). */
    void terminate();

    /** Closes and cancels what has not started; the running tasks finish
        and the workers then exit (`shutdown(cancel_futures=true)`). */
    void cancel_pending();

    /** The number of workers. */
    std::size_t size() const noexcept;

    /** The pids of the workers alive now (for tests and introspection). */
    std::vector<pid_t> worker_pids() const;

    /** The zygote's pid. */
    pid_t zygote_pid() const noexcept;

private:
    std::unique_ptr<process_engine_state> state_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_PROCESS_ENGINE_CORE_HPP
