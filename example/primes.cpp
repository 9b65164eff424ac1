//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's parallel primes with workers and queues: four
// workers take candidates from a task queue until each gets a sentinel, and
// put the primes they find in a result queue.
//
//   >>> def worker():
//   ...     while True:
//   ...         number = tasks.get()
//   ...         if number is None:
//   ...             tasks.task_done()
//   ...             break
//   ...         if is_prime(number):
//   ...             results.put(number)
//   ...         tasks.task_done()
//   ...
//   >>> print(f"Found {len(primes)} primes: {primes}")
//   Found 14 primes: [503, 509, 521, 523, 541, 547, 557, 563, 569, 571, 577, 587, 593, 599]

#include <freethreading.hpp>

#include <algorithm>
#include <iostream>
#include <optional>
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

// Python's None is an empty std::optional here.
void find_primes(freethreading::queue<std::optional<int>> tasks, freethreading::queue<int> results)
{
    for (;;) {
        const std::optional<int> number = tasks.get();
        if (!number) {
            tasks.task_done();
            break;
        }
        if (is_prime(*number))
            results.put(*number);
        tasks.task_done();
    }
}

int main()
{
    freethreading::queue<std::optional<int>> tasks;
    freethreading::queue<int> results;

    std::vector<freethreading::worker> pool;
    for (int i = 0; i < 4; ++i)
        pool.emplace_back(find_primes, tasks, results);
    for (auto& w : pool)
        w.start();

    for (int candidate = 500; candidate < 600; ++candidate)
        tasks.put(candidate);
    for (std::size_t i = 0; i < pool.size(); ++i)
        tasks.put(std::nullopt); // one sentinel per worker

    tasks.join();
    for (auto& w : pool)
        w.join();

    std::vector<int> primes;
    while (auto p = results.try_get())
        primes.push_back(*p);
    std::sort(primes.begin(), primes.end());

    std::cout << "Found " << primes.size() << " primes: [";
    for (std::size_t i = 0; i < primes.size(); ++i)
        std::cout << (i ? ", " : "") << primes[i];
    std::cout << "]\n";
}
