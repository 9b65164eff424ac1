//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_PROCESS_ENGINE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_PROCESS_ENGINE_HPP

#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/detail/handler_node.hpp>
#include <freethreading/executor/detail/process_codec.hpp>
#include <freethreading/executor/detail/process_engine_core.hpp>
#include <freethreading/executor/detail/process_task.hpp>
#include <freethreading/executor/detail/task_call.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <freethreading/sync/stop_token.hpp>

#include <freethreading/core/detail/domain.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace freethreading::detail {

/** The multiprocessing engine of pools and executors (DESIGN §6 "Pools"):
    the `pool_engine` over worker processes forked by one zygote, with
    tasks in shared-memory slots. `Domain` is `shared_memory` for
    `multiprocessing::` and `runtime` for the facade; it decides the stop
    token type its tasks receive.

    `submit` accepts only portable work (DESIGN §5): the callable must be a
    function pointer, an empty default-constructible class (a capture-less
    lambda) or a serializable class, and every argument and the result must
    be serializable; anything else is a compile error naming the type.

    @par Thread Safety
    As `process_engine_core`.
*/
template <class Domain>
class process_engine
{
public:
    using stop_token_type = basic_stop_token<Domain>;

    /** Starts `workers` workers (0: `usable_cpu_count()`).
        @throws as `process_engine_core`. */
    process_engine(std::size_t workers, const pool_options& options, pool_flavour flavour)
        : core_(workers, options, flavour, std::nullopt)
    {
    }

    /** Starts the workers, each calling `init(initargs…)` before its first
        task; waits until each has.
        @throws broken_pool_error carrying the initializer's message if it
        threw; as `process_engine_core` otherwise. */
    template <class Init, class... InitArgs>
        requires std::invocable<std::decay_t<Init>, std::decay_t<InitArgs>...>
    process_engine(std::size_t workers, const pool_options& options, pool_flavour flavour, Init&& init,
                   InitArgs&&... initargs)
        : core_(workers, options, flavour, encode_initializer(std::forward<Init>(init), std::forward<InitArgs>(initargs)...))
    {
    }

    /** Queues `f(args…)` called through `Call`; its state.
        @throws std::logic_error after `close()` or `terminate()`. */
    template <class Call, class F, class... Args>
    std::shared_ptr<future_state<call_result_t<Call, stop_token_type, std::decay_t<F>, std::decay_t<Args>...>>>
    submit(F&& f, Args&&... args)
    {
        using task = process_task<Call, stop_token_type, std::decay_t<F>, std::decay_t<Args>...>;
        static_assert(check_portable_callable<std::decay_t<F>>());
        static_assert((check_portable_value<std::decay_t<Args>>() && ...));
        static_assert(check_portable_value<typename task::result_type>());
        auto t = std::make_shared<task>(std::forward<F>(f), std::forward<Args>(args)...);
        core_.submit(t);
        return t;
    }

    /** Queues `f(a)` called through `Call` for each `a` of `args` (moved
        from), in order and under one lock, and appends their states to
        `out`. On an exception none was queued and `out` is as it was.
        @throws std::logic_error after `close()` or `terminate()`;
        std::bad_alloc. */
    template <class Call, class F, class Arg, class State>
    void submit_each(F& f, std::span<Arg> args, std::vector<std::shared_ptr<State>>& out)
    {
        using task = process_task<Call, stop_token_type, std::decay_t<F>, Arg>;
        static_assert(check_portable_callable<std::decay_t<F>>());
        static_assert(check_portable_value<Arg>());
        static_assert(check_portable_value<typename task::result_type>());
        const std::size_t before = out.size();
        try {
            std::vector<std::shared_ptr<process_task_base>> tasks;
            tasks.reserve(args.size());
            for (Arg& a : args) {
                auto t = std::make_shared<task>(f, std::move(a));
                out.push_back(t);
                tasks.push_back(std::move(t));
            }
            core_.submit(std::span<const std::shared_ptr<process_task_base>>(tasks));
        } catch (...) {
            out.resize(before);
            throw;
        }
    }

    /** Hands the handler `f()` of the pool's Asio executor to the
        completion thread (what it throws is reported); false, and `f` is
        dropped, once that thread has ended. */
    template <class F>
    bool post_handler(F&& f)
    {
        return core_.post(make_handler_node(std::forward<F>(f)));
    }

    /** The calling thread is the pool's completion thread. */
    bool running_in_this_thread() const noexcept { return core_.in_completion_thread(); }

    void close() noexcept { core_.close(); }
    bool join_until(steady_time deadline) { return core_.join_until(deadline); }
    void terminate() { core_.terminate(); }
    /** Closes and cancels what has not started; the running tasks finish
        (`shutdown(cancel_futures=true)`). */
    void cancel_pending() { core_.cancel_pending(); }
    std::size_t size() const noexcept { return core_.size(); }

    /** The pids of the workers alive now. */
    std::vector<pid_t> worker_pids() const { return core_.worker_pids(); }
    /** The zygote's pid. */
    pid_t zygote_pid() const noexcept { return core_.zygote_pid(); }

private:
    template <class Init, class... InitArgs>
    static process_initializer encode_initializer(Init&& init, InitArgs&&... initargs)
    {
        using I = std::decay_t<Init>;
        static_assert(check_portable_callable<I>());
        static_assert((check_portable_value<std::decay_t<InitArgs>>() && ...));
        process_initializer out;
        out.trampoline = task_id_of<&process_initializer_trampoline<I, std::decay_t<InitArgs>...>>();
        const I f(std::forward<Init>(init));
        put_callable(f, out.bytes);
        (put_value(std::decay_t<InitArgs>(std::forward<InitArgs>(initargs)), out.bytes), ...);
        return out;
    }

    process_engine_core core_;
};

static_assert(pool_engine<process_engine<shared_memory>>);
static_assert(pool_engine<process_engine<runtime>>);

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_PROCESS_ENGINE_HPP
