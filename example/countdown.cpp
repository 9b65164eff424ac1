//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's Lock and RLock example: two workers count down
// under a lock, then two more count down recursively under a reentrant lock,
// which the same worker may take again while it holds it. Either way one
// worker's countdown is never interleaved with another's; which worker goes
// first varies from run to run.
//
//   >>> def countdown(n):
//   ...     with rlock:
//   ...         if n > 0:
//   ...             print(f"'{current_worker().name}': {n}...")
//   ...             countdown(n - 1)
//   ...         else:
//   ...             print(f"'{current_worker().name}': go!")

#include <freethreading.hpp>

#include <iostream>
#include <mutex>
#include <string>
#include <syncstream>

void say(const std::string& what)
{
    // Written whole and flushed at once: lines of parallel workers never mix.
    std::osyncstream(std::cout) << freethreading::current_worker().name << ": " << what << std::endl;
}

// Under a lock: taken once, for the whole countdown.
void countdown_locked(freethreading::lock lock, int n)
{
    std::scoped_lock hold(lock);
    for (; n > 0; --n)
        say(std::to_string(n) + "...");
    say("go!");
}

// Under a reentrant lock: every level of the recursion takes it again.
void countdown_recursive(freethreading::rlock rlock, int n)
{
    std::scoped_lock hold(rlock);
    if (n > 0) {
        say(std::to_string(n) + "...");
        countdown_recursive(rlock, n - 1);
    } else {
        say("go!");
    }
}

int main()
{
    freethreading::lock lock;
    freethreading::worker w0(freethreading::worker_options{.name = "Worker-0"}, countdown_locked, lock, 3);
    freethreading::worker w1(freethreading::worker_options{.name = "Worker-1"}, countdown_locked, lock, 3);
    w0.start();
    w1.start();
    w0.join();
    w1.join();

    freethreading::rlock rlock;
    freethreading::worker w2(freethreading::worker_options{.name = "Worker-2"}, countdown_recursive, rlock, 3);
    freethreading::worker w3(freethreading::worker_options{.name = "Worker-3"}, countdown_recursive, rlock, 3);
    w2.start();
    w3.start();
    w2.join();
    w3.join();
}
