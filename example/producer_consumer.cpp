//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's Queue example: a producer puts 0, 1, 2 and a
// sentinel; a consumer processes items until the sentinel, calling
// task_done() for each; the main worker waits with join() until every item
// put has been processed.
//
//   >>> queue = Queue()
//   >>> def producer():
//   ...     for value in range(3):
//   ...         queue.put(value)
//   ...     queue.put(None)  # Sentinel marks completion
//   >>> def consumer():
//   ...     while True:
//   ...         item = queue.get()
//   ...         if item is None:
//   ...             queue.task_done()
//   ...             break
//   ...         print(f"Processing {item}")
//   ...         queue.task_done()
//
// Python's None is an empty std::optional here.

#include <freethreading.hpp>

#include <iostream>
#include <optional>
#include <syncstream>

using item_queue = freethreading::queue<std::optional<int>>;

void producer(item_queue queue)
{
    for (int value = 0; value < 3; ++value)
        queue.put(value);
    queue.put(std::nullopt); // the sentinel marks completion
}

void consumer(item_queue queue)
{
    for (;;) {
        const std::optional<int> item = queue.get();
        if (!item) {
            queue.task_done();
            break;
        }
        std::osyncstream(std::cout) << "Processing " << *item << std::endl;
        queue.task_done();
    }
}

int main()
{
    item_queue queue; // a handle: the workers' copies refer to the same queue
    freethreading::worker producer_worker(freethreading::worker_options{.name = "Producer"}, producer, queue);
    freethreading::worker consumer_worker(freethreading::worker_options{.name = "Consumer"}, consumer, queue);
    producer_worker.start();
    consumer_worker.start();
    queue.join(); // every item put has been marked done
    producer_worker.join();
    consumer_worker.join();
    std::cout << "all items processed, " << queue.size() << " left\n";
}
