//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_CONCEPTS_HPP
#define FREETHREADING_EXECUTOR_CONCEPTS_HPP

#include <chrono>
#include <concepts>
#include <vector>

namespace freethreading {

/** A handle to a task's result that can be waited on: `future<R>`,
    `async_result<R>`. */
template <class H>
concept result_handle = std::copy_constructible<H> && requires(const H& h, std::chrono::milliseconds d) {
    h.get();
    h.wait();
    { h.wait_for(d) } -> std::same_as<bool>;
};

/** `e.submit(f, args…)` queues a task and returns a handle to its result. */
template <class E, class F, class... Args>
concept submits = requires(E& e, F f, Args... args) {
    { e.submit(f, args...) } -> result_handle;
};

/** `e.map(f, xs)` calls `f` on each element of a vector of `T`. */
template <class E, class F, class T>
concept maps = requires(E& e, F f, const std::vector<T>& xs) { e.map(f, xs); };

/** Python's `Executor.shutdown(wait, cancel_futures)`. */
template <class E>
concept shuts_down = requires(E& e) {
    e.shutdown();
    e.shutdown(true, true);
};

/** An executor that can run `f(args…)` (Python's `concurrent.futures`
    executor): it submits the task for a future and shuts down; it owns its
    workers, so it is not copyable. */
template <class E, class F, class... Args>
concept executor_of = !std::copy_constructible<E> && submits<E, F, Args...> && shuts_down<E>;

/** `p.apply(f, args…)` runs a task and returns its result;
    `p.apply_async(f, args…)` returns a handle to it. */
template <class P, class F, class... Args>
concept applies = requires(P& p, F f, Args... args) {
    p.apply(f, args...);
    { p.apply_async(f, args...) } -> result_handle;
};

/** Python's `Pool.close()`, `terminate()` and `join()`, with a timed join. */
template <class P>
concept closable_pool = requires(P& p, std::chrono::milliseconds d) {
    p.close();
    p.terminate();
    p.join();
    { p.join_for(d) } -> std::same_as<bool>;
};

/** A worker pool that can run `f(args…)` (Python's `multiprocessing.Pool`):
    it applies the task synchronously or asynchronously, closes, terminates
    and joins; it owns its workers, so it is not copyable. */
template <class P, class F, class... Args>
concept worker_pool_of = !std::copy_constructible<P> && applies<P, F, Args...> && closable_pool<P>;

} // namespace freethreading

#endif // FREETHREADING_EXECUTOR_CONCEPTS_HPP
