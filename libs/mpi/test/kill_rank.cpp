//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Run by kill_rank.sh with 3 ranks: the first task SIGKILLs the worker rank
// that runs it, the others are ordinary. The client must not hang: either
// MPI reports the loss (the futures fail with broken_pool_error, printed
// here) or mpirun ends the job, as Open MPI does (doc/scale-out.md).
//
// Not a Boost.Test program with the leak check: the job is killed by design,
// so no per-case accounting could run to its end.

#include <freethreading/mpi.hpp>

#include <boost/mpi/environment.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <vector>

#include <signal.h>
#include <unistd.h>

namespace {

int die(int x)
{
    ::kill(::getpid(), SIGKILL);
    return x;
}

int slow_echo(int x)
{
    ::usleep(20'000);
    return x;
}

} // namespace

int main(int argc, char** argv)
{
    boost::mpi::environment env(argc, argv, boost::mpi::threading::serialized);
    boost::mpi::communicator world;
    freethreading::mpi::worker_pool_executor ex(world);
    if (!ex.is_client())
        return 0;
    std::vector<freethreading::future<int>> futures;
    futures.push_back(ex.submit(&die, 0));
    for (int i = 1; i < 20; ++i)
        futures.push_back(ex.submit(&slow_echo, i));
    for (auto& f : futures) {
        try {
            if (!f.wait_for(std::chrono::seconds(50))) {
                std::printf("kill_rank: a future is still pending after 50 s\n");
                return 3;
            }
            (void)f.get();
        } catch (const freethreading::broken_pool_error& e) {
            std::printf("kill_rank: broken_pool_error: %s\n", e.what());
            std::fflush(stdout);
            ex.shutdown(false, true);
            std::_Exit(1);
        }
    }
    std::printf("kill_rank: the client got every result\n");
    return 0;
}
