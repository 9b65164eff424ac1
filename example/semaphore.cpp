//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's Semaphore example: semaphore(2) admits two of
// three workers to the restricted section at a time.
//
//   >>> semaphore = Semaphore(2)
//   >>> def restricted():
//   ...     with semaphore:
//   ...         print(f"'{current_worker().name}' in restricted section")
//
// To show that the third worker really waits, each worker stays in the
// section until the main worker lets it go: the main worker sees two of them
// inside, sees that the third does not come in, and only then lets them go.

#include <freethreading.hpp>

#include <chrono>
#include <iostream>
#include <mutex>
#include <string>
#include <syncstream>
#include <vector>

void restricted(freethreading::semaphore semaphore, freethreading::queue<std::string> inside,
                freethreading::event leave)
{
    std::scoped_lock hold(semaphore); // acquire(), and release() on the way out
    const std::string name = freethreading::current_worker().name;
    std::osyncstream(std::cout) << name << " in restricted section" << std::endl;
    inside.put(name);
    leave.wait();
}

int main()
{
    freethreading::semaphore semaphore(2);
    freethreading::queue<std::string> inside;
    freethreading::event leave;

    std::vector<freethreading::worker> workers;
    for (int i = 0; i < 3; ++i)
        workers.emplace_back(freethreading::worker_options{.name = "Worker-" + std::to_string(i)}, restricted,
                             semaphore, inside, leave);
    for (auto& w : workers)
        w.start();

    (void)inside.get();
    (void)inside.get();
    const auto value_with_two_inside = semaphore.value();
    // The third cannot come in while two hold the semaphore: this wait ends
    // by its timeout, however long it is.
    const bool third_waited = !inside.get_for(std::chrono::milliseconds(200)).has_value();
    leave.set();
    (void)inside.get(); // the third comes in once one of the two has left
    for (auto& w : workers)
        w.join();

    std::cout << "two inside at once, semaphore value " << value_with_two_inside << '\n'
              << "the third waited: " << std::boolalpha << third_waited << '\n'
              << "semaphore value at the end: " << semaphore.value() << '\n';
}
