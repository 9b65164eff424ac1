//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python caveat about shared state: five workers increment a global
// counter. Threads share the program's memory, so the main worker reads 5;
// each forked process increments its own copy, so the main process reads 0.
// Results sent back through a queue add up to 5 on both backends.
//
//   >>> counter = 0
//   >>> def increment():
//   ...     global counter
//   ...     counter += 1
//   >>> ...
//   >>> counter  # Still 0 with multiprocessing!
//   0
//   >>> def increment(results):
//   ...     results.put(1)
//   >>> ...
//   >>> total = sum(results.get() for _ in range(5))
//   >>> total
//   5

#include <freethreading.hpp>

#include <atomic>
#include <iostream>
#include <vector>

// Atomic, so that five threads may increment it at once.
std::atomic<int> counter{0};

void increment()
{
    ++counter;
}

void send_one(freethreading::queue<int> results)
{
    results.put(1);
}

int main()
{
    std::cout << "backend: " << freethreading::to_string(freethreading::get_backend()) << '\n';

    std::vector<freethreading::worker> workers;
    for (int i = 0; i < 5; ++i)
        workers.emplace_back(increment);
    for (auto& w : workers)
        w.start();
    for (auto& w : workers)
        w.join();
    std::cout << "global counter: " << counter << '\n';

    freethreading::queue<int> results;
    workers.clear();
    for (int i = 0; i < 5; ++i)
        workers.emplace_back(send_one, results);
    for (auto& w : workers)
        w.start();
    for (auto& w : workers)
        w.join();
    int total = 0;
    for (int i = 0; i < 5; ++i)
        total += results.get();
    std::cout << "sum through a queue: " << total << '\n';
}
