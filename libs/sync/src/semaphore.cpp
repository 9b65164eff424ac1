//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/sync/detail/basic_semaphore.hpp>

#include <climits>
#include <stdexcept>
#include <string>

namespace freethreading::detail {

std::uint32_t checked_semaphore_value(std::ptrdiff_t value, const char* type)
{
    if (value < 0)
        throw std::invalid_argument(std::string("freethreading::") + type + ": the initial value " +
                                    std::to_string(value) + " is negative");
    if (value > 0x7fffffff)
        throw std::invalid_argument(std::string("freethreading::") + type + ": the initial value " +
                                    std::to_string(value) + " is above 2147483647");
    return static_cast<std::uint32_t>(value);
}

void semaphore_release(semaphore_state& s, std::ptrdiff_t n, bool bounded, bool shared)
{
    if (n < 0)
        throw std::invalid_argument("freethreading::semaphore::release(" + std::to_string(n) +
                                    "): the count is negative");
    if (n == 0)
        return;
    auto& c = s.count.value;
    std::uint32_t v = c.load(std::memory_order_relaxed);
    do {
        if (static_cast<std::uint64_t>(v) + static_cast<std::uint64_t>(n) > s.max)
            throw std::logic_error(bounded ? "freethreading::bounded_semaphore::release: released too many times "
                                             "(the value would exceed the initial value " +
                                                 std::to_string(s.max) + ")"
                                           : "freethreading::semaphore::release: the value would exceed 2147483647");
    } while (!c.compare_exchange_weak(v, v + static_cast<std::uint32_t>(n), std::memory_order_seq_cst,
                                      std::memory_order_relaxed));
    s.count.wake(n >= INT_MAX ? INT_MAX : static_cast<int>(n), shared);
}

void semaphore_overflow(semaphore_state& s)
{
    s.count.value.fetch_sub(1, std::memory_order_relaxed);
    throw std::logic_error("freethreading::semaphore::release: the value would exceed 2147483647");
}

bool semaphore_acquire_slow(semaphore_state& s, bool shared, steady_time deadline)
{
    auto& c = s.count.value;
    for (;;) {
        std::uint32_t v = c.load(std::memory_order_relaxed);
        while (v != 0)
            if (c.compare_exchange_weak(v, v - 1, std::memory_order_acquire, std::memory_order_relaxed))
                return true;
        if (!s.count.sleep_while(0, shared, deadline))
            return false;
    }
}

} // namespace freethreading::detail
