//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// 1,000,000 tiny tasks through the facade executor on the backend of the run
// (ctest and b2 run this program under both): every result right, nothing
// leaked (the leak check linked into every test program), and the memory the
// parent holds after the run within 10 % of what it held after the first
// 10,000 tasks. The memory held is counted, not read from the resident set:
// the private heap's bytes in use (glibc's count, or the sanitizer
// allocator's, since ASan's quarantine and TSan's shadow memory grow the
// resident set on their own) plus, on the multiprocessing backend, the shared
// segment's bytes in use. The resident set also moved with the order in which
// the segment's pages were first touched (6.6 to 9.1 MB after the first batch
// from one run to the next).

#include <freethreading/executor.hpp>

#include <freethreading/core/ipc/shared_segment.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <malloc.h>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// Part of the sanitizer runtimes' interface (sanitizer/allocator_interface.h,
// which g++ 12 does not install).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace ft = freethreading;

namespace {

std::int64_t twice(std::int64_t x)
{
    return 2 * x;
}

// The bytes this process holds in its heap and, on the multiprocessing
// backend, in the shared segment.
std::size_t memory_held()
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    std::size_t held = __sanitizer_get_current_allocated_bytes();
#else
    const struct mallinfo2 heap = ::mallinfo2();
    std::size_t held = heap.uordblks + heap.hblkhd;
#endif
    if (ft::get_backend() == ft::backend::multiprocessing) {
        const auto& segment = freethreading::detail::shared_segment::instance();
        held += segment.size() - segment.free_memory();
    }
    return held;
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
        for (std::int64_t i = start; i < start + batch; ++i)
            futures.push_back(ex.submit(&twice, i));
        for (std::int64_t i = 0; i < batch; ++i)
            wrong += futures[static_cast<std::size_t>(i)].get() == 2 * (start + i) ? 0 : 1;
        futures.clear();
        // Both measures are taken at the same point: the pool running, no
        // future held.
        if (start == 0)
            after_first_batch = memory_held();
    }
    const std::size_t after_all = memory_held();
    ex.shutdown();
    BOOST_TEST(wrong == 0);
    BOOST_TEST_MESSAGE("memory held after 10,000 tasks: " << after_first_batch << " bytes; after 1,000,000: " << after_all);
    BOOST_TEST(after_all <= after_first_batch + after_first_batch / 10);
}

} // namespace
