//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's Worker example: a named worker and a named daemon
// worker greet from wherever they run (a thread or a forked process).
//
//   >>> def greet():
//   ...     print(f"Hello from {current_worker().name}!")
//   >>> worker = Worker(name="Worker", target=greet)
//   >>> worker.start()
//   >>> worker.join()
//   Hello from Worker!
//   >>> daemon = Worker(name="Daemon", target=greet, daemon=True)
//   >>> daemon.start()
//   >>> daemon.join()
//   Hello from Daemon!

#include <freethreading.hpp>

#include <iostream>
#include <syncstream>

void greet()
{
    // std::osyncstream writes the line whole, and std::endl flushes it, so
    // lines printed by parallel threads or processes never mix.
    std::osyncstream(std::cout) << "Hello from " << freethreading::current_worker().name << '!' << std::endl;
}

int main()
{
    freethreading::worker worker(freethreading::worker_options{.name = "Worker"}, greet);
    worker.start();
    worker.join();

    freethreading::worker daemon(freethreading::worker_options{.name = "Daemon", .daemon = true}, greet);
    daemon.start();
    daemon.join();
    std::cout << "daemon: " << std::boolalpha << daemon.daemon() << ", exit code " << *daemon.exitcode() << '\n';
}
