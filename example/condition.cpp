//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's Condition example: a producer puts a value in a
// queue under the condition's lock and notifies; the consumer waits on the
// condition and takes it.
//
//   >>> def producer(data):
//   ...     with condition:
//   ...         queue.put(data)
//   ...         print(f"'{current_worker().name}' sent: {data}")
//   ...         condition.notify()
//   >>> def consumer():
//   ...     with condition:
//   ...         condition.wait()
//   ...         print(f"'{current_worker().name}' received: {queue.get()}")
//
// The consumer waits with a predicate: a plain wait() misses a notify() that
// comes before it (in Python too, where the example relies on the consumer
// starting first), the predicate form does not.

#include <freethreading.hpp>

#include <iostream>
#include <mutex>
#include <syncstream>

void producer(freethreading::condition condition, freethreading::queue<int> queue, int data)
{
    std::scoped_lock hold(condition);
    queue.put(data);
    std::osyncstream(std::cout) << freethreading::current_worker().name << " sent: " << data << std::endl;
    condition.notify();
}

void consumer(freethreading::condition condition, freethreading::queue<int> queue)
{
    std::scoped_lock hold(condition);
    condition.wait([&] { return !queue.empty(); });
    std::osyncstream(std::cout) << freethreading::current_worker().name << " received: " << queue.get()
                                << std::endl;
}

int main()
{
    freethreading::condition condition;
    freethreading::queue<int> queue;
    freethreading::worker c(freethreading::worker_options{.name = "Consumer"}, consumer, condition, queue);
    freethreading::worker p(freethreading::worker_options{.name = "Producer"}, producer, condition, queue, 42);
    c.start();
    p.start();
    c.join();
    p.join();
}
