//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The seed README's drop-in example:
//
//   >>> from freethreading import Lock, Event, Queue
//   >>> lock = Lock()
//   >>> event = Event()
//   >>> queue = Queue()
//   >>> lock.acquire()
//   True
//   >>> event.set()
//   >>> queue.put("data")
//   >>> event.is_set()
//   True
//   >>> queue.get()
//   'data'
//   >>> lock.release()

#include <freethreading.hpp>

#include <iostream>
#include <string>

int main()
{
    freethreading::lock lock;
    freethreading::event event;
    freethreading::queue<std::string> queue;

    // Printed as the Python REPL prints a bool.
    const auto repr = [](bool b) { return b ? "True" : "False"; };
    std::cout << repr(lock.try_lock_for(std::chrono::seconds(1))) << '\n';
    event.set();
    queue.put("data");
    std::cout << repr(event.is_set()) << '\n';
    std::cout << '\'' << queue.get() << "'\n";
    lock.unlock();
}
