//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_DETAIL_BASIC_WORKER_HPP
#define FREETHREADING_WORKER_DETAIL_BASIC_WORKER_HPP

#include <freethreading/worker/detail/config.hpp>
#include <freethreading/worker/detail/process_worker_core.hpp>
#include <freethreading/worker/detail/thread_worker_core.hpp>
#include <freethreading/worker/detail/worker_core.hpp>
#include <freethreading/worker/worker_info.hpp>

#include <freethreading/sync/stop_token.hpp>

#include <freethreading/core/backend.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/domain.hpp>

#include <chrono>
#include <concepts>
#include <functional>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

template <class T>
inline constexpr bool is_reference_wrapper_v = false;
template <class T>
inline constexpr bool is_reference_wrapper_v<std::reference_wrapper<T>> = true;

/** A target invocable as `f(args…)` or, as with `std::jthread`, as
    `f(token, args…)` (then it receives the worker's stop token). */
template <class Token, class F, class... Args>
concept worker_target = std::invocable<std::decay_t<F>, std::decay_t<Args>...> ||
                        std::invocable<std::decay_t<F>, Token, std::decay_t<Args>...>;

/** Whether the target of a worker with `Token` receives it (checked as
    the task calls it, on the stored copies). */
template <class Token, class F, class... Args>
inline constexpr bool takes_stop_token = std::invocable<F&, Token, Args&...>;

/** The stored target and arguments of a worker; the token is passed only to
    a target that takes it. */
template <class Token, class F, class... Args>
struct bound_task final : worker_task
{
    template <class G, class... A>
    bound_task(Token t, G&& g, A&&... a)
        : token(std::move(t)), f(std::forward<G>(g)), args(std::forward<A>(a)...)
    {
    }

    void run() override
    {
        std::apply([&](Args&... a) { std::invoke(f, token, a...); }, args);
    }

    Token token;
    F f;
    std::tuple<Args...> args;
};

/** A target that takes no token: the worker then makes no stop state, which
    nothing could observe (for a process worker, a shared object fewer to
    make, register and release after the fork). */
template <class F, class... Args>
struct bound_task<void, F, Args...> final : worker_task
{
    template <class G, class... A>
    explicit bound_task(G&& g, A&&... a) : f(std::forward<G>(g)), args(std::forward<A>(a)...)
    {
    }

    void run() override
    {
        std::apply([&](Args&... a) { std::invoke(f, a...); }, args);
    }

    F f;
    std::tuple<Args...> args;
};

// The handles' shared block: the last handle of a started non-daemon worker
// requests stop and joins it (DESIGN §4.3).
struct worker_handle_block
{
    std::shared_ptr<worker_core> core;

    ~worker_handle_block()
    {
        if (core->started() && !core->daemon() && worker_core::current() != core.get()) {
            core->request_stop();
            (void)core->join_until(steady_time::max());
        }
    }
};

/** A worker (Python's `Worker`): a thread in the domain `in_process`, a
    forked process in `shared_memory`, the backend's choice when made in
    `runtime` (DESIGN §4, §4.1). A copy is a handle to the same worker.

    @par Thread Safety
    Every member may be called concurrently. Everything the target did
    happens-before `join` returns.
*/
template <class Domain>
class basic_worker
{
public:
    using stop_token_type = basic_stop_token<Domain>;

    template <class F, class... Args>
        requires worker_target<stop_token_type, F, Args...>
    explicit basic_worker(F&& f, Args&&... args)
        : basic_worker(worker_options{}, std::forward<F>(f), std::forward<Args>(args)...)
    {
    }

    template <class F, class... Args>
        requires worker_target<stop_token_type, F, Args...>
    basic_worker(worker_options options, F&& f, Args&&... args)
    {
        static_assert(std::same_as<Domain, in_process> || !(is_reference_wrapper_v<std::decay_t<Args>> || ...),
                      "freethreading: a process worker cannot share a reference with its parent; pass the "
                      "value, or a multiprocessing:: object (a std::reference_wrapper argument is refused)");
        auto block = std::make_shared<worker_handle_block>();
        if constexpr (takes_stop_token<stop_token_type, std::decay_t<F>, std::decay_t<Args>...>) {
            basic_stop_source<Domain> source;
            auto task = std::make_unique<bound_task<stop_token_type, std::decay_t<F>, std::decay_t<Args>...>>(
                source.get_token(), std::forward<F>(f), std::forward<Args>(args)...);
            block->core = make_core(std::move(options.name), options.daemon, std::move(task),
                                    [source]() mutable { (void)source.request_stop(); });
        } else {
            auto task = std::make_unique<bound_task<void, std::decay_t<F>, std::decay_t<Args>...>>(
                std::forward<F>(f), std::forward<Args>(args)...);
            block->core = make_core(std::move(options.name), options.daemon, std::move(task),
                                    std::function<void()>());
        }
        block_ = std::move(block);
    }

    /** Starts the worker. @throws std::logic_error if started twice. */
    void start() { core().start(); }

    /** Waits for the worker to end. @throws std::logic_error before start(). */
    void join() { (void)core().join_until(steady_time::max()); }

    template <class Rep, class Period>
    bool join_for(const std::chrono::duration<Rep, Period>& d)
    {
        return core().join_until(deadline_after(d));
    }

    template <class Clock, class Duration>
    bool join_until(const std::chrono::time_point<Clock, Duration>& t)
    {
        return core().join_until(to_steady(t));
    }

    bool is_alive() { return core().is_alive(); }
    std::string name() const { return core().name(); }
    void set_name(std::string name) { core().set_name(std::move(name)); }
    bool daemon() const { return core().daemon(); }
    void set_daemon(bool daemon) { core().set_daemon(daemon); }
    std::optional<ident_type> ident() const { return core().ident(); }
    /** Empty until the worker ends; then 0 for a target that returned, 1 for
        one that threw, a process's exit status, or `-signal` for a killed
        process (DESIGN §4.1). `const` as every query of a handle: it may reap
        an ended process, which changes the shared worker, not the handle. */
    std::optional<int> exitcode() const { return core().exitcode(); }
    void request_stop() { core().request_stop(); }
    std::uint64_t native_handle() const { return core().native_handle(); }

    /** Sends SIGTERM (process workers; a thread worker throws std::logic_error). */
    void terminate() requires (!std::same_as<Domain, in_process>) { core().send_signal(15); }
    /** Sends SIGKILL (process workers; a thread worker throws std::logic_error). */
    void kill() requires (!std::same_as<Domain, in_process>) { core().send_signal(9); }

    friend bool operator==(const basic_worker& a, const basic_worker& b) noexcept { return a.block_ == b.block_; }

private:
    // A thread in process, a process in shared memory, the backend's choice
    // at run time. An empty name becomes the next default one.
    template <class... A>
    static std::shared_ptr<worker_core> make_core(A&&... a)
    {
        if constexpr (std::same_as<Domain, in_process>)
            return std::make_shared<thread_worker_core>(std::forward<A>(a)...);
        else if constexpr (std::same_as<Domain, shared_memory>)
            return std::make_shared<process_worker_core>(std::forward<A>(a)...);
        else if (get_backend() == backend::multiprocessing)
            return std::make_shared<process_worker_core>(std::forward<A>(a)...);
        else
            return std::make_shared<thread_worker_core>(std::forward<A>(a)...);
    }

    worker_core& core() const noexcept { return *block_->core; }

    std::shared_ptr<worker_handle_block> block_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_WORKER_DETAIL_BASIC_WORKER_HPP
