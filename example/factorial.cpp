//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The seed README's factorials, computed in parallel by a
// worker_pool_executor: threads on the threading backend, forked processes
// on the multiprocessing one.
//
//   >>> numbers = [5, 10, 15, 20]
//   >>> with WorkerPoolExecutor(max_workers=4) as executor:
//   ...     results = list(executor.map(factorial, numbers))
//   >>> for num, fact in zip(numbers, results):
//   ...     print(f"{num}! = {fact}")
//   5! = 120
//   10! = 3628800
//   15! = 1307674368000
//   20! = 2432902008176640000

#include <freethreading.hpp>

#include <cstddef>
#include <cstdint>
#include <iostream>
#include <vector>

std::uint64_t factorial(int n)
{
    std::uint64_t result = 1;
    for (int i = 2; i <= n; ++i)
        result *= static_cast<std::uint64_t>(i);
    return result;
}

int main()
{
    const std::vector<int> numbers{5, 10, 15, 20};
    freethreading::worker_pool_executor executor(4);
    const std::vector<std::uint64_t> results = executor.map(factorial, numbers);
    for (std::size_t i = 0; i < numbers.size(); ++i)
        std::cout << numbers[i] << "! = " << results[i] << '\n';
}
