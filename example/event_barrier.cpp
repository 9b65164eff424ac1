//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's Event and Barrier example: three runners wait
// for a start signal, then meet at a checkpoint before going on.
//
//   >>> start_signal = Event()
//   >>> checkpoint = Barrier(3)
//   >>> def runner():
//   ...     print(f"'{current_worker().name}' waiting for start signal")
//   ...     start_signal.wait()  # All runners wait for the event
//   ...     print(f"'{current_worker().name}' started")
//   ...     checkpoint.wait()  # Synchronize at the checkpoint
//   ...     print(f"'{current_worker().name}' passed checkpoint")
//
// Python's REPL sets the signal by hand once the runners have printed; here
// each runner also releases a semaphore once it has printed, and the main
// worker takes it three times before it sets the signal. No runner prints
// "passed checkpoint" before all three have printed "started".

#include <freethreading.hpp>

#include <iostream>
#include <string>
#include <syncstream>
#include <vector>

void runner(freethreading::event start_signal, freethreading::barrier checkpoint, freethreading::semaphore ready)
{
    const std::string name = freethreading::current_worker().name;
    std::osyncstream(std::cout) << name << " waiting for start signal" << std::endl;
    ready.release();
    start_signal.wait(); // all runners wait for the event
    std::osyncstream(std::cout) << name << " started" << std::endl;
    checkpoint.wait(); // synchronize at the checkpoint
    std::osyncstream(std::cout) << name << " passed checkpoint" << std::endl;
}

int main()
{
    freethreading::event start_signal;
    freethreading::barrier checkpoint(3);
    freethreading::semaphore ready(0);

    std::vector<freethreading::worker> workers;
    for (int i = 0; i < 3; ++i)
        workers.emplace_back(freethreading::worker_options{.name = "Runner-" + std::to_string(i)}, runner,
                             start_signal, checkpoint, ready);
    for (auto& w : workers)
        w.start();
    for (int i = 0; i < 3; ++i)
        ready.acquire();

    std::cout << "setting the start signal" << std::endl;
    start_signal.set(); // signal all runners to start
    for (auto& w : workers)
        w.join();
    std::cout << "checkpoint broken: " << std::boolalpha << checkpoint.broken() << '\n';
}
