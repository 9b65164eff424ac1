//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Starting a pool and shutting it down (DESIGN §10):
//
//   executor.pool_start_shutdown_multiprocessing_vs_fork_waitpid
//       multiprocessing::worker_pool_executor(2) made, shut down and
//       destroyed, against 2 raw fork() + _exit(0) in the child + waitpid()
//
// What is compared is the issue's: processes made, run and ended. When the
// constructor returns, the zygote has forked both workers; shutdown() returns
// once every one of the pool's processes has run, exited and been reaped,
// as waitpid() does for the raw children. No task: a task's round trip is
// no part of the baseline (a run with one task, measured alongside, costs
// the first task's copy-on-write faults on top; doc/design-notes.md, "The
// process engine"). Ours does all a pool promises on top: the zygote that
// forks the workers, the task and result slots, the supervisor and
// completion threads.

#include <freethreading/executor.hpp>

#include <freethreading_bench/ratio.hpp>

#include <sys/wait.h>
#include <unistd.h>

namespace {

void pool_start_shutdown(benchmark::State& state)
{
    for (auto _ : state) {
        freethreading::multiprocessing::worker_pool_executor ex(2);
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
    ->UseRealTime()
    ->Iterations(100);
BENCHMARK(fork_waitpid)
    ->Name("executor.pool_start_shutdown_multiprocessing_vs_fork_waitpid/baseline")
    ->UseRealTime()
    ->Iterations(100);

int main(int argc, char** argv)
{
    // Fixed iterations (about a millisecond each): the run takes seconds
    // whatever the machine's load.
    return freethreading_bench::run_main(argc, argv, {.repetitions = 9});
}
