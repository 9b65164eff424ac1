//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_THREAD_ENGINE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_THREAD_ENGINE_HPP

#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/detail/handler_node.hpp>
#include <freethreading/executor/detail/task_call.hpp>
#include <freethreading/executor/detail/thread_engine_core.hpp>
#include <freethreading/executor/detail/thread_task.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <freethreading/sync/stop_token.hpp>

#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/domain.hpp>

#include <concepts>
#include <cstddef>
#include <functional>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

/** The initializer of a thread engine bound to decayed copies of its
    arguments, which it receives as lvalues each time it runs. */
template <class Init, class... InitArgs>
class bound_initializer final : public engine_initializer
{
public:
    template <class I, class... A>
    explicit bound_initializer(I&& init, A&&... args) : init_(std::forward<I>(init)), args_(std::forward<A>(args)...)
    {
    }

    void run() override
    {
        std::apply([this](InitArgs&... a) { std::invoke(init_, a...); }, args_);
    }

private:
    Init init_;
    std::tuple<InitArgs...> args_;
};

/** The threading backend's engine (the `pool_engine` of engine.hpp): tasks
    run on worker threads of this process; `Domain` is the domain of the
    tasks' stop tokens (`in_process` for `threading::`, `runtime` for the
    facade).

    A task is queued as one object (`thread_task`) and runs on the first
    worker free; its exception reaches the caller as DESIGN §4.2 says for
    threads (`transport_in_process`). A worker that waits on a task of its
    own engine runs queued tasks meanwhile, so nested submission cannot
    deadlock.

    Movable; a moved-from engine may only be destroyed.

    @par Thread Safety
    Every member may be called concurrently. Queuing a task happens-before
    its call; its call happens-before the wait that sees it done.
*/
template <class Domain>
class thread_engine
{
public:
    using stop_token_type = basic_stop_token<Domain>;

    /** Starts `workers` threads (0: `usable_cpu_count()`).
        @throws std::invalid_argument for a negative `task_timeout`;
        std::system_error if a thread cannot be made. */
    thread_engine(std::size_t workers, const pool_options& options, pool_flavour flavour)
        : core_(std::make_unique<thread_engine_core>(workers, options, flavour, nullptr))
    {
    }

    /** As above; each worker runs `init(initargs…)` (decayed copies, as
        lvalues) before its first task, and the constructor waits until the
        first round has run.
        @throws broken_pool_error carrying the initializer's message if one
        threw (the workers have been joined then). */
    template <class Init, class... InitArgs>
        requires std::invocable<std::decay_t<Init>&, std::decay_t<InitArgs>&...>
    thread_engine(std::size_t workers, const pool_options& options, pool_flavour flavour, Init&& init,
                  InitArgs&&... initargs)
        : core_(std::make_unique<thread_engine_core>(
              workers, options, flavour,
              std::make_unique<bound_initializer<std::decay_t<Init>, std::decay_t<InitArgs>...>>(
                  std::forward<Init>(init), std::forward<InitArgs>(initargs)...)))
    {
    }

    thread_engine(thread_engine&&) noexcept = default;
    thread_engine& operator=(thread_engine&&) = delete;

    /** Finishes the queued tasks and joins the workers, unless `join_until`
        did. Must not run in a worker of this engine. */
    ~thread_engine() = default;

    /** Queues `f(args…)` called through `Call`; its state.
        @throws std::logic_error after close() or terminate(). */
    template <class Call, class F, class... Args>
    std::shared_ptr<future_state<call_result_t<Call, stop_token_type, std::decay_t<F>, std::decay_t<Args>...>>>
    submit(F&& f, Args&&... args)
    {
        using task = thread_task<Domain, Call, std::decay_t<F>, std::decay_t<Args>...>;
        auto t = std::make_shared<task>(core_.get(), std::forward<F>(f), std::forward<Args>(args)...);
        core_->enqueue(t, *t);
        return t;
    }

    /** Queues the handler `f()` of the pool's Asio executor on the workers
        (what it throws is reported); false, and `f` is dropped, when no
        worker would run it (see `thread_engine_core::post`). */
    template <class F>
    bool post_handler(F&& f)
    {
        using task = thread_task<Domain, plain_call, guarded_handler<std::decay_t<F>>>;
        auto t = std::make_shared<task>(core_.get(), std::forward<F>(f));
        return core_->post(t, *t);
    }

    /** The calling thread is one of the workers. */
    bool running_in_this_thread() const noexcept { return core_->in_worker(); }

    void close() noexcept { core_->close(); }
    bool join_until(steady_time deadline) { return core_->join_until(deadline); }
    void terminate() { core_->terminate(); }
    std::size_t size() const noexcept { return core_->size(); }

private:
    std::unique_ptr<thread_engine_core> core_;
};

static_assert(pool_engine<thread_engine<in_process>>);
static_assert(pool_engine<thread_engine<runtime>>);

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_THREAD_ENGINE_HPP
