//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's WorkerPool example: four workers square 0-9.
//
//   >>> def square(x):
//   ...     return x * x
//   >>> with WorkerPool(workers=4) as pool:
//   ...     print(pool.map(square, range(10)))
//   [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]

#include <freethreading.hpp>

#include <cstddef>
#include <iostream>
#include <ranges>
#include <vector>

int square(int x)
{
    return x * x;
}

int main()
{
    freethreading::worker_pool pool(4);
    const std::vector<int> squares = pool.map(square, std::views::iota(0, 10));
    std::cout << '[';
    for (std::size_t i = 0; i < squares.size(); ++i)
        std::cout << (i ? ", " : "") << squares[i];
    std::cout << "]\n";
}
