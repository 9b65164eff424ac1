//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's parallel primes again, with
// worker_pool_executor::map instead of workers and queues.
//
//   >>> with WorkerPoolExecutor() as executor:
//   ...     candidates = range(500, 600)
//   ...     primes = [
//   ...          n for n, prime in zip(candidates, executor.map(is_prime, candidates)) if prime
//   ...     ]
//   >>> print(f"Found {len(primes)} primes: {primes}")
//   Found 14 primes: [503, 509, 521, 523, 541, 547, 557, 563, 569, 571, 577, 587, 593, 599]

#include <freethreading.hpp>

#include <cstddef>
#include <iostream>
#include <numeric>
#include <vector>

bool is_prime(int n)
{
    if (n < 2)
        return false;
    for (int i = 2; i * i <= n; ++i)
        if (n % i == 0)
            return false;
    return true;
}

int main()
{
    std::vector<int> candidates(100);
    std::iota(candidates.begin(), candidates.end(), 500);

    freethreading::worker_pool_executor executor; // as many workers as CPUs
    const std::vector<bool> prime = executor.map(is_prime, candidates);

    std::vector<int> primes;
    for (std::size_t i = 0; i < candidates.size(); ++i)
        if (prime[i])
            primes.push_back(candidates[i]);

    std::cout << "Found " << primes.size() << " primes: [";
    for (std::size_t i = 0; i < primes.size(); ++i)
        std::cout << (i ? ", " : "") << primes[i];
    std::cout << "]\n";
}
