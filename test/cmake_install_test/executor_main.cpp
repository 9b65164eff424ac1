//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A consumer of the installed executor component: a process executor and a
// facade pool, their results checked.

#include <freethreading/executor.hpp>

#include <cstdio>
#include <vector>

int square(int x)
{
    return x * x;
}

int main()
{
    freethreading::multiprocessing::worker_pool_executor ex(2);
    const std::vector<int> squares = ex.map(&square, std::vector<int>{1, 2, 3});
    freethreading::worker_pool pool(1);
    if (squares != std::vector<int>{1, 4, 9} || pool.apply(&square, 7) != 49) {
        std::puts("executor consumer: wrong results");
        return 1;
    }
    std::puts("executor consumer: ok");
    return 0;
}
