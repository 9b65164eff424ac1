//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_SIMPLE_QUEUE_HPP
#define FREETHREADING_QUEUE_SIMPLE_QUEUE_HPP

#include <freethreading/queue/concepts.hpp>
#include <freethreading/queue/detail/basic_queue.hpp>

#include <freethreading/core/detail/access.hpp>

#include <optional>
#include <utility>

namespace freethreading {

namespace detail {

/** Python's `SimpleQueue`: an unbounded queue with only put, get, try_get
    and empty, over the same ring as `basic_queue` but without task counting. */
template <class T, class Domain>
    requires std::move_constructible<T> && std::destructible<T>
class basic_simple_queue
{
    static_assert(check_queue_item<T, Domain>());

public:
    basic_simple_queue() = default;

    void put(const T& v) { q_.put(v); }
    void put(T&& v) { q_.put(std::move(v)); }
    T get() { return q_.get(); }
    std::optional<T> try_get() { return q_.try_get(); }
    bool empty() const noexcept { return q_.empty(); }

    friend bool operator==(const basic_simple_queue&, const basic_simple_queue&) = default;

private:
    friend struct access;

    const auto& state() const noexcept { return access::state(q_); }

    basic_queue<T, Domain, false> q_;
};

} // namespace detail

namespace threading {
template <class T>
using simple_queue = detail::basic_simple_queue<T, detail::in_process>;
} // namespace threading

namespace multiprocessing {
template <class T>
using simple_queue = detail::basic_simple_queue<T, detail::shared_memory>;
} // namespace multiprocessing

template <class T>
using simple_queue = detail::basic_simple_queue<T, detail::runtime>;

static_assert(simple_queue_of<threading::simple_queue<int>, int>);
static_assert(simple_queue_of<multiprocessing::simple_queue<int>, int>);
static_assert(simple_queue_of<simple_queue<int>, int>);

} // namespace freethreading

#endif // FREETHREADING_QUEUE_SIMPLE_QUEUE_HPP
