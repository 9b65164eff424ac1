//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The exact default names of DESIGN §4.1 in a fresh process: its first
// executor's workers are ThreadPoolExecutor-0_0, -0_1, its second's
// ThreadPoolExecutor-1_0, as in Python; a pool's are Thread-N. One case, so
// that nothing else made an executor first.

#include <freethreading/executor/worker_pool.hpp>
#include <freethreading/executor/worker_pool_executor.hpp>

#include "pool_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

BOOST_AUTO_TEST_CASE(the_first_executor_of_a_process_is_number_0)
{
    namespace ft = freethreading;
    std::vector<std::string> first;
    {
        ft::threading::worker_pool_executor ex(2);
        first = ex.map(pool_tests::worker_name, pool_tests::iota(0, 200));
    }
    std::sort(first.begin(), first.end());
    first.erase(std::unique(first.begin(), first.end()), first.end());
    BOOST_TEST(!first.empty());
    for (const std::string& n : first)
        BOOST_TEST((n == "ThreadPoolExecutor-0_0" || n == "ThreadPoolExecutor-0_1"), n);

    ft::threading::worker_pool pool(1); // pools do not count as executors
    BOOST_TEST(pool.apply(pool_tests::worker_name, 0).rfind("Thread-", 0) == 0);

    ft::threading::worker_pool_executor second(1);
    BOOST_TEST(second.submit(pool_tests::worker_name, 0).get() == "ThreadPoolExecutor-1_0");
}
