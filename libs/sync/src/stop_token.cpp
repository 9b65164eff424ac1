//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/sync/detail/basic_stop_token.hpp>

#include <thread>

namespace freethreading::detail {

bool stop_wait_slow(stop_state* s, bool shared, steady_time deadline)
{
    if (s == nullptr) {
        // Nothing can ever request a stop: the wait is a sleep.
        std::this_thread::sleep_until(deadline);
        return false;
    }
    waitable_word& word = s->requested;
    for (;;) {
        if (word.value.load(std::memory_order_acquire) != 0)
            return true;
        if (!word.sleep_while(0, shared, deadline))
            return word.value.load(std::memory_order_acquire) != 0;
    }
}

} // namespace freethreading::detail
