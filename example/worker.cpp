//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The seed README's Worker example:
//
//   >>> current_worker().name # 'MainThread' or 'MainProcess'
//   'MainThread'
//   >>> def task():
//   ...     print(f"Hello from {current_worker().name}!")
//   >>> w = Worker(target=task, name="MyWorker")
//   >>> w.start()
//   >>> w.join()
//   Hello from MyWorker!

#include <freethreading.hpp>

#include <iostream>

void task()
{
    std::cout << "Hello from " << freethreading::current_worker().name << "!\n";
}

int main()
{
    std::cout << '\'' << freethreading::current_worker().name << "'\n";
    freethreading::worker w(freethreading::worker_options{.name = "MyWorker"}, task);
    w.start();
    w.join();
}
