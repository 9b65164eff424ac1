//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/sync/detail/basic_event.hpp>

namespace freethreading::detail {

bool event_wait_slow(event_state& s, bool shared, steady_time deadline)
{
    for (;;) {
        if (s.flag.value.load(std::memory_order_acquire) != 0)
            return true;
        if (!s.flag.sleep_while(0, shared, deadline))
            return s.flag.value.load(std::memory_order_acquire) != 0;
    }
}

} // namespace freethreading::detail
