//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/queue/detail/basic_queue.hpp>

#include <stdexcept>
#include <string>

namespace freethreading::detail {

std::uint32_t checked_maxsize(std::ptrdiff_t maxsize)
{
    if (maxsize < 0)
        throw std::invalid_argument("freethreading::queue: maxsize " + std::to_string(maxsize) +
                                    " is negative (0 means unbounded; Python treats negative as unbounded)");
    if (static_cast<std::uint64_t>(maxsize) > ring_max_items)
        throw std::invalid_argument("freethreading::queue: maxsize " + std::to_string(maxsize) + " is above " +
                                    std::to_string(ring_max_items));
    return static_cast<std::uint32_t>(maxsize);
}

void throw_task_done_too_often()
{
    throw std::logic_error("freethreading::queue::task_done: called more times than there were items put");
}

void queue_task_done(const queue_rings& q, waitable_word& done, bool shared)
{
    std::uint32_t v = done.value.load(std::memory_order_relaxed);
    do {
        // Only an item put can have been got, so done never passes puts.
        if (((queue_puts(q) - v) & ring_item_mask) == 0)
            throw_task_done_too_often();
    } while (!done.value.compare_exchange_weak(v, static_cast<std::uint32_t>((v + 1) & ring_item_mask),
                                               std::memory_order_seq_cst, std::memory_order_relaxed));
    done.wake(INT_MAX, shared); // a system call only if a join() sleeps
}

bool queue_join_slow(const queue_rings& q, waitable_word& done, bool shared, steady_time deadline)
{
    for (;;) {
        const std::uint32_t v = done.value.load(std::memory_order_acquire);
        if (((queue_puts(q) - v) & ring_item_mask) == 0)
            return true;
        if (!done.sleep_while(v, shared, deadline))
            return queue_unfinished(q, done) == 0;
    }
}

} // namespace freethreading::detail
