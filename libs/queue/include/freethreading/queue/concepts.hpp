//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_CONCEPTS_HPP
#define FREETHREADING_QUEUE_CONCEPTS_HPP

// The interfaces of the threading, multiprocessing and facade queues.

#include <chrono>
#include <concepts>
#include <cstddef>
#include <optional>

namespace freethreading {

/** Python's `SimpleQueue`: put, get, try_get, empty. */
template <class Q, class T>
concept simple_queue_of = std::copy_constructible<Q> && requires(Q& q, const Q& cq, const T& v) {
    q.put(v);
    { q.get() } -> std::same_as<T>;
    { q.try_get() } -> std::same_as<std::optional<T>>;
    { cq.empty() } -> std::same_as<bool>;
};

/** Python's `Queue` (with `JoinableQueue`'s task_done / join), every blocking
    call with its timed forms. */
template <class Q, class T>
concept queue_of = simple_queue_of<Q, T> &&
                   requires(Q& q, const Q& cq, const T& v, std::chrono::milliseconds d,
                            std::chrono::steady_clock::time_point t) {
                       { q.try_put(v) } -> std::same_as<bool>;
                       { q.put_for(v, d) } -> std::same_as<bool>;
                       { q.put_until(v, t) } -> std::same_as<bool>;
                       { q.get_for(d) } -> std::same_as<std::optional<T>>;
                       { q.get_until(t) } -> std::same_as<std::optional<T>>;
                       q.task_done();
                       q.join();
                       { q.join_for(d) } -> std::same_as<bool>;
                       { cq.size() } -> std::same_as<std::size_t>;
                       { cq.full() } -> std::same_as<bool>;
                       { cq.maxsize() } -> std::same_as<std::size_t>;
                   };

} // namespace freethreading

#endif // FREETHREADING_QUEUE_CONCEPTS_HPP
