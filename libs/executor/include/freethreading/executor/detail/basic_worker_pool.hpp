//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_BASIC_WORKER_POOL_HPP
#define FREETHREADING_EXECUTOR_DETAIL_BASIC_WORKER_POOL_HPP

#include <freethreading/executor/async_result.hpp>
#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/detail/imap_range.hpp>
#include <freethreading/executor/detail/make_future.hpp>
#include <freethreading/executor/detail/pool_chunks.hpp>
#include <freethreading/executor/detail/pool_lifecycle.hpp>
#include <freethreading/executor/detail/pool_task.hpp>
#include <freethreading/executor/detail/result_callbacks.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <ranges>
#include <stdexcept>
#include <utility>
#include <vector>

namespace freethreading::detail {

/** Python's `WorkerPool` (`multiprocessing.Pool` / `ThreadPool`), written
    once over any `pool_engine` (DESIGN §3, §4.1). `threading::worker_pool`
    and the other spellings are aliases of it.

    A task is `f(args…)` or, when that is callable, `f(token, args…)` with
    the task's stop token first. `R` is what it returns. `map` and `starmap`
    split their input into chunks (chunksize 0: Python's default,
    ceil(size / (4 × workers)), 1 when the size is unknown) and assemble the
    results in input order in one thread; they rethrow the first exception
    in input order once every task has ended. `imap` and `imap_unordered`
    return lazy input ranges that rethrow a task's exception when its element
    is dereferenced and stay valid after the pool is gone.

    The destructor finishes the queued work (DESIGN §4.3); `terminate()`
    drops it. Movable, not copyable; every member of a moved-from pool throws
    `std::logic_error`.

    @par Thread Safety
    Every member may be called concurrently. Queuing a task happens-before
    its call, and its call happens-before the return of whatever waits for
    its result.
*/
template <class Engine>
    requires pool_engine<Engine>
class basic_worker_pool
{
public:
    using stop_token_type = typename Engine::stop_token_type;

    /** Starts `workers` workers (0: the CPUs this process may run on). */
    explicit basic_worker_pool(std::size_t workers = 0) : basic_worker_pool(pool_options{}, workers) {}

    /** As above, with `max_tasks_per_child` / `task_timeout`.
        @throws std::invalid_argument for a negative task_timeout. */
    explicit basic_worker_pool(pool_options options, std::size_t workers = 0)
        : life_(std::make_unique<Engine>(workers, options, pool_flavour::pool), "worker_pool")
    {
    }

    /** Each worker runs `init(initargs…)` before its first task.
        @throws broken_pool_error carrying its message if it threw. */
    template <class Init, class... InitArgs>
        requires pool_initializer<Init, InitArgs...>
    basic_worker_pool(std::size_t workers, Init&& init, InitArgs&&... initargs)
        : basic_worker_pool(pool_options{}, workers, std::forward<Init>(init), std::forward<InitArgs>(initargs)...)
    {
    }

    template <class Init, class... InitArgs>
        requires pool_initializer<Init, InitArgs...>
    basic_worker_pool(pool_options options, std::size_t workers, Init&& init, InitArgs&&... initargs)
        : life_(std::make_unique<Engine>(workers, options, pool_flavour::pool, std::forward<Init>(init),
                                         std::forward<InitArgs>(initargs)...),
                "worker_pool")
    {
    }

    basic_worker_pool(basic_worker_pool&&) noexcept = default;
    basic_worker_pool& operator=(basic_worker_pool&&) = delete;

    /** Finishes the queued tasks and joins the workers (after `terminate()`:
        joins them). */
    ~basic_worker_pool() = default;

    /** Runs `f(args…)` in a worker and returns its result (Python's `apply`).
        @throws the task's exception (DESIGN §4.2); std::logic_error after
        close() or terminate(). */
    template <class F, class... Args>
        requires task_for<stop_token_type, F, Args...>
    task_result_t<stop_token_type, F, Args...> apply(F&& f, Args&&... args)
    {
        auto s = life_.open("apply").template submit<plain_call>(std::forward<F>(f), std::forward<Args>(args)...);
        return s->take();
    }

    /** Queues `f(args…)`; its `async_result`. */
    template <class F, class... Args>
        requires task_for<stop_token_type, F, Args...>
    async_result<task_result_t<stop_token_type, F, Args...>> apply_async(F&& f, Args&&... args)
    {
        return make_async_result(
            life_.open("apply_async").template submit<plain_call>(std::forward<F>(f), std::forward<Args>(args)...));
    }

    /** As above; `callbacks.callback(result)` or `callbacks.error_callback(e)`
        runs on the completing thread (Python's `callback` / `error_callback`). */
    template <class F, class... Args>
        requires task_for<stop_token_type, F, Args...>
    async_result<task_result_t<stop_token_type, F, Args...>>
    apply_async(async_callbacks<task_result_t<stop_token_type, F, Args...>> callbacks, F&& f, Args&&... args)
    {
        auto s = life_.open("apply_async").template submit<plain_call>(std::forward<F>(f), std::forward<Args>(args)...);
        attach_callbacks(*s, std::move(callbacks));
        return make_async_result(std::move(s));
    }

    /** `f(x)` for every `x` of `r`, in chunks; the results in input order
        (nothing for a `void` `R`). */
    template <class F, class Range>
        requires map_task_for<stop_token_type, F, Range>
    map_result_t<element_result_t<false, stop_token_type, F, Range>> map(F&& f, Range&& r, std::size_t chunksize = 0)
    {
        return gather_chunks<element_result_t<false, stop_token_type, F, Range>>(
            queue_chunks<false>("map", f, r, chunksize));
    }

    template <class F, class Range>
        requires map_task_for<stop_token_type, F, Range>
    async_result<map_result_t<element_result_t<false, stop_token_type, F, Range>>>
    map_async(F&& f, Range&& r, std::size_t chunksize = 0)
    {
        return map_async({}, std::forward<F>(f), std::forward<Range>(r), chunksize);
    }

    template <class F, class Range>
        requires map_task_for<stop_token_type, F, Range>
    async_result<map_result_t<element_result_t<false, stop_token_type, F, Range>>>
    map_async(async_callbacks<map_result_t<element_result_t<false, stop_token_type, F, Range>>> callbacks, F&& f,
              Range&& r, std::size_t chunksize = 0)
    {
        return assembled<element_result_t<false, stop_token_type, F, Range>>(
            queue_chunks<false>("map_async", f, r, chunksize), std::move(callbacks));
    }

    /** `std::apply(f, t)` for every tuple `t` of `r`; as `map`. */
    template <class F, class Range>
        requires starmap_task_for<stop_token_type, F, Range>
    map_result_t<element_result_t<true, stop_token_type, F, Range>> starmap(F&& f, Range&& r,
                                                                           std::size_t chunksize = 0)
    {
        return gather_chunks<element_result_t<true, stop_token_type, F, Range>>(
            queue_chunks<true>("starmap", f, r, chunksize));
    }

    template <class F, class Range>
        requires starmap_task_for<stop_token_type, F, Range>
    async_result<map_result_t<element_result_t<true, stop_token_type, F, Range>>>
    starmap_async(F&& f, Range&& r, std::size_t chunksize = 0)
    {
        return starmap_async({}, std::forward<F>(f), std::forward<Range>(r), chunksize);
    }

    template <class F, class Range>
        requires starmap_task_for<stop_token_type, F, Range>
    async_result<map_result_t<element_result_t<true, stop_token_type, F, Range>>>
    starmap_async(async_callbacks<map_result_t<element_result_t<true, stop_token_type, F, Range>>> callbacks, F&& f,
                  Range&& r, std::size_t chunksize = 0)
    {
        return assembled<element_result_t<true, stop_token_type, F, Range>>(
            queue_chunks<true>("starmap_async", f, r, chunksize), std::move(callbacks));
    }

    /** `f(x)` for every `x` of `r`, queued now; the results as a lazy input
        range in input order. @throws std::invalid_argument for chunksize 0. */
    template <class F, class Range>
        requires map_task_for<stop_token_type, F, Range>
    imap_range<element_result_t<false, stop_token_type, F, Range>> imap(F&& f, Range&& r, std::size_t chunksize = 1)
    {
        return imap_range<element_result_t<false, stop_token_type, F, Range>>(
            queue_chunks<false>("imap", f, r, positive_chunksize(chunksize, "imap")), false);
    }

    /** As `imap`, in completion order. */
    template <class F, class Range>
        requires map_task_for<stop_token_type, F, Range>
    imap_range<element_result_t<false, stop_token_type, F, Range>> imap_unordered(F&& f, Range&& r,
                                                                                 std::size_t chunksize = 1)
    {
        return imap_range<element_result_t<false, stop_token_type, F, Range>>(
            queue_chunks<false>("imap_unordered", f, r, positive_chunksize(chunksize, "imap_unordered")), true);
    }

    /** No more tasks; the queued ones still run. */
    void close() { life_.close(); }

    /** No more tasks; drops the queued ones (their results are cancelled)
        and requests stop of the running ones. */
    void terminate() { life_.terminate(); }

    /** Waits until every worker has exited.
        @throws std::logic_error before close() or terminate(). */
    void join() { (void)life_.join_until(steady_time::max(), "join"); }

    /** As `join()`, at most `d`; false on timeout. */
    template <class Rep, class Period>
    bool join_for(const std::chrono::duration<Rep, Period>& d)
    {
        return life_.join_until(deadline_after(d), "join_for");
    }

private:
    template <bool Star, class F, class Range>
    auto queue_chunks(const char* member, F& f, Range& r, std::size_t chunksize)
    {
        Engine& e = life_.open(member);
        if (chunksize == 0)
            chunksize = default_chunksize(r, e.size());
        return submit_chunks<Star>(e, f, r, chunksize);
    }

    template <class R, class State>
    static async_result<map_result_t<R>> assembled(std::vector<std::shared_ptr<State>> chunks,
                                                   async_callbacks<map_result_t<R>> callbacks)
    {
        std::shared_ptr<future_state<map_result_t<R>>> s = assembled_state<R, State>::make(std::move(chunks));
        attach_callbacks(*s, std::move(callbacks));
        return make_async_result(std::move(s));
    }

    static std::size_t positive_chunksize(std::size_t chunksize, const char* member)
    {
        if (chunksize == 0)
            throw std::invalid_argument(std::string("freethreading: worker_pool::") + member +
                                        ": chunksize must be at least 1");
        return chunksize;
    }

    pool_lifecycle<Engine> life_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_BASIC_WORKER_POOL_HPP
