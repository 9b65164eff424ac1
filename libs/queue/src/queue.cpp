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

bool queue_join_slow(waitable_word& unfinished, bool shared, steady_time deadline)
{
    for (;;) {
        const std::uint32_t v = unfinished.value.load(std::memory_order_acquire);
        if (v == 0)
            return true;
        if (!unfinished.sleep_while(v, shared, deadline))
            return unfinished.value.load(std::memory_order_acquire) == 0;
    }
}

} // namespace freethreading::detail
