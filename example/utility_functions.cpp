//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's utility functions, with a busy daemon worker
// running beside the main one.
//
//   >>> def busy_wait():
//   ...     while True:
//   ...         pass
//   >>> daemon = Worker(target=busy_wait, name="Daemon", daemon=True)
//   >>> daemon.start()
//   >>> current_worker().name # 'MainThread' or 'MainProcess'
//   'MainThread'
//   >>> get_ident()  # Thread or process identifier
//   135793751029632
//   >>> active_count() # Number of active workers
//   2
//   >>> [worker.name for worker in enumerate()]
//   ['MainThread', 'Daemon']
//   >>> [child.name for child in active_children()]
//   ['Daemon']
//
// The identifier changes from run to run, so this prints whether it is the
// process id (it is, in a main thread, on both backends). Python leaves the
// daemon spinning until the interpreter exits; here it spins until it is
// asked to stop, as a C++ target does (a target that takes a stop_token
// first receives the worker's).

#include <freethreading.hpp>

#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

void busy_wait(freethreading::stop_token token)
{
    while (!token.stop_requested()) {
    }
}

std::string names(const std::vector<freethreading::worker_info>& workers)
{
    std::string s = "[";
    for (const auto& w : workers)
        s += (s.size() > 1 ? ", '" : "'") + w.name + "'";
    return s + "]";
}

int main()
{
    freethreading::worker daemon(freethreading::worker_options{.name = "Daemon", .daemon = true}, busy_wait);
    daemon.start();

    std::cout << '\'' << freethreading::current_worker().name << "'\n";
    std::cout << "get_ident() == getpid(): " << std::boolalpha << (freethreading::get_ident() == ::getpid()) << '\n';
    std::cout << "active_count(): " << freethreading::active_count() << '\n';
    std::cout << "enumerate(): " << names(freethreading::enumerate()) << '\n';
    std::cout << "active_children(): " << names(freethreading::active_children()) << '\n';

    daemon.request_stop();
    daemon.join();
    std::cout << "after the daemon stopped, active_children(): " << names(freethreading::active_children()) << '\n';
}
