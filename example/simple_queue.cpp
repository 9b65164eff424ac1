//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's SimpleQueue example: a worker puts two strings,
// the main worker gets them in order.
//
//   >>> queue = SimpleQueue()
//   >>> def fill_queue():
//   ...     queue.put("hello")
//   ...     queue.put("world")
//   >>> worker = Worker(target=fill_queue)
//   >>> worker.start()
//   >>> queue.get()
//   'hello'
//   >>> queue.get()
//   'world'
//   >>> worker.join()
//   >>> queue.empty()
//   True

#include <freethreading.hpp>

#include <iostream>
#include <string>

void fill_queue(freethreading::simple_queue<std::string> queue)
{
    queue.put("hello");
    queue.put("world");
}

int main()
{
    freethreading::simple_queue<std::string> queue;
    freethreading::worker worker(fill_queue, queue);
    worker.start();
    std::cout << '\'' << queue.get() << "'\n";
    std::cout << '\'' << queue.get() << "'\n";
    worker.join();
    std::cout << (queue.empty() ? "True" : "False") << '\n';
}
