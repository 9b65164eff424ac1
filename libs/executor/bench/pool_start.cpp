//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Starting a pool and shutting it down (DESIGN §10):
//
//   executor.pool_start_shutdown_multiprocessing_vs_fork_waitpid
//       multiprocessing::worker_pool_executor(2) made, one task run through
//       it (so a worker is up), shut down and destroyed, against 2 raw
//       fork() + _exit(0) in the child + waitpid()
//
// Ours does all a pool promises on top: the zygote that forks the workers,
// the task and result slots, the supervisor and completion threads.

#include <freethreading/executor.hpp>

#include <freethreading_bench/ratio.hpp>

#include <sys/wait.h>
#include <unistd.h>

namespace {

int add_one(int x)
{
    return x + 1;
}

void pool_start_shutdown(benchmark::State& state)
{
    for (auto _ : state) {
        freethreading::multiprocessing::worker_pool_executor ex(2);
        if (ex.submit(&add_one, 1).get() != 2)
            state.SkipWithError("wrong result");
        ex.shutdown();
    }
}

void fork_waitpid(benchmark::State& state)
{
    for (auto _ : state) {
        pid_t pids[2];
        for (pid_t& pid : pids) {
            pid = ::fork();
            if (pid < 0) {
                state.SkipWithError("fork failed");
                return;
            }
            if (pid == 0)
                ::_exit(0);
        }
        for (const pid_t pid : pids) {
            int status = 0;
            while (::waitpid(pid, &status, 0) < 0) {
            }
            benchmark::DoNotOptimize(status);
        }
    }
}

} // namespace

BENCHMARK(pool_start_shutdown)
    ->Name("executor.pool_start_shutdown_multiprocessing_vs_fork_waitpid/ours")
    ->UseRealTime();
BENCHMARK(fork_waitpid)->Name("executor.pool_start_shutdown_multiprocessing_vs_fork_waitpid/baseline")->UseRealTime();

int main(int argc, char** argv)
{
    return freethreading_bench::run_main(argc, argv, {.repetitions = 9, .min_time = 0.2});
}
