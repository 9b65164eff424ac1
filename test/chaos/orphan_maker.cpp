//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The program no_orphans_test starts and then kills: it runs a process
// executor, a process pool and a process worker, has each pool run a task
// (so its workers exist), prints "ready" and waits to be signalled. Whatever
// ends it, none of the processes it started may outlive it (DESIGN §6:
// the zygote watches its parent, workers die with the zygote, a process
// worker with the thread that forked it).

#include <freethreading/executor.hpp>
#include <freethreading/worker.hpp>

#include <cstdio>
#include <unistd.h>

namespace ft = freethreading;

namespace {

int twice(int x)
{
    return 2 * x;
}

} // namespace

int main()
{
    try {
        ft::multiprocessing::worker_pool_executor executor(2);
        ft::multiprocessing::worker_pool pool(2);
        ft::multiprocessing::worker sleeper([] {
            for (;;)
                ::pause();
        });
        sleeper.start();
        if (executor.submit(&twice, 4).get() != 8 || pool.apply(&twice, 5) != 10)
            return 1;
        std::printf("ready\n");
        std::fflush(stdout);
        for (;;)
            ::pause(); // until a signal ends the program
    } catch (const std::exception& e) {
        std::fprintf(stderr, "orphan_maker: %s\n", e.what());
        return 1;
    }
}
