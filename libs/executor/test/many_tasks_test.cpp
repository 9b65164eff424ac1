//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// 1,000,000 tiny tasks through the facade executor on the backend of the run
// (ctest and b2 run this program under both): every result right, nothing
// leaked (the leak check linked into every test program), and the parent's
// resident memory after the run within 10 % of where it was after the first
// 10,000 tasks.

#include <freethreading/executor.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <unistd.h>
#include <vector>

namespace ft = freethreading;

namespace {

std::int64_t twice(std::int64_t x)
{
    return 2 * x;
}

// Resident bytes of this process (/proc/self/statm's second field).
std::size_t resident_bytes()
{
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

BOOST_AUTO_TEST_CASE(a_million_tiny_tasks_give_every_result_and_keep_memory_flat)
{
    constexpr std::int64_t total = 1'000'000;
    constexpr std::int64_t batch = 10'000;
    ft::worker_pool_executor ex(2);
    std::vector<ft::future<std::int64_t>> futures;
    futures.reserve(batch);
    std::size_t after_first_batch = 0;
    std::int64_t wrong = 0;
    for (std::int64_t start = 0; start < total; start += batch) {
        futures.clear();
        for (std::int64_t i = start; i < start + batch; ++i)
            futures.push_back(ex.submit(&twice, i));
        for (std::int64_t i = 0; i < batch; ++i)
            wrong += futures[static_cast<std::size_t>(i)].get() == 2 * (start + i) ? 0 : 1;
        if (start == 0)
            after_first_batch = resident_bytes();
    }
    futures.clear();
    ex.shutdown();
    const std::size_t after_all = resident_bytes();
    BOOST_TEST(wrong == 0);
    BOOST_TEST_MESSAGE("resident after 10,000 tasks: " << after_first_batch << " bytes; after 1,000,000: " << after_all);
#if !defined(__SANITIZE_ADDRESS__)
    // ASan's quarantine keeps freed memory resident on purpose (hundreds of MiB).
    BOOST_TEST(after_all <= after_first_batch + after_first_batch / 10);
#endif
}

} // namespace
