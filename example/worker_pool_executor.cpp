//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The seed README's WorkerPoolExecutor example: a task that prints the name
// of the pool worker that runs it.
//
//   >>> def task():
//   ...     print(f"Hello from {current_worker().name}!")
//   >>> with WorkerPoolExecutor(max_workers=2) as executor:
//   ...     future = executor.submit(task)
//   >>> # 'Hello from ThreadPoolExecutor-0_0!' or 'Hello from ForkProcess-2!'
//   Hello from ThreadPoolExecutor-0_0!
//
// Python's `with` block is the executor's scope: its destructor waits for
// the work already submitted (Python's shutdown(wait=True)).

#include <freethreading.hpp>

#include <iostream>
#include <syncstream>

void task()
{
    std::osyncstream(std::cout) << "Hello from " << freethreading::current_worker().name << '!' << std::endl;
}

int main()
{
    {
        freethreading::worker_pool_executor executor(2);
        freethreading::future<void> future = executor.submit(task);
    } // waits for the task
}
