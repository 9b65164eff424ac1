//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What escapes a handler run by a pool's Asio executor: printed, as Python
// prints what escapes a done callback, since no caller waits for it.

#include <freethreading/executor/detail/handler_node.hpp>

#include <cstdio>
#include <exception>

namespace freethreading::detail {

void report_handler_exception() noexcept
{
    try {
        throw;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "Exception in a handler run by a worker_pool_executor's executor: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "Exception in a handler run by a worker_pool_executor's executor: "
                             "an exception not derived from std::exception\n");
    }
}

} // namespace freethreading::detail
