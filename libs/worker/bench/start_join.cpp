//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Starting and joining a worker with an empty target (DESIGN §10):
//
//   worker.start_join_threading_vs_std_thread
//       threading::worker construct + start + join against std::thread
//       create + join
//   worker.start_join_multiprocessing_vs_fork_waitpid
//       multiprocessing::worker construct + start + join against a raw
//       fork() + _exit(0) in the child + waitpid() from the calling thread
//
// Ours does all that a worker promises on top: a default name given to the
// OS, the registry that active_children() reads, the stop token; for a
// process, the fork made by the library's spawner thread, PR_SET_PDEATHSIG
// and the parent check in the child, an exit-code slot in the segment, a
// pidfd to wait on and the flush of the child's streams.
//
// For information only (no RATIO line): the facade on each backend, which
// must cost what the implementation costs.

#include <freethreading/worker/worker.hpp>

#include <freethreading/core/backend.hpp>

#include <freethreading_bench/ratio.hpp>

#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

template <class Worker>
void start_join(benchmark::State& state)
{
    for (auto _ : state) {
        Worker w([] {});
        w.start();
        w.join();
    }
}

void std_thread(benchmark::State& state)
{
    for (auto _ : state) {
        std::thread t([] {});
        t.join();
    }
}

void fork_waitpid(benchmark::State& state)
{
    for (auto _ : state) {
        const pid_t pid = ::fork();
        if (pid < 0) {
            state.SkipWithError("fork failed");
            return;
        }
        if (pid == 0)
            ::_exit(0);
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0) {
        }
        benchmark::DoNotOptimize(status);
    }
}

} // namespace

BENCHMARK(start_join<freethreading::threading::worker>)
    ->Name("worker.start_join_threading_vs_std_thread/ours")
    ->UseRealTime();
BENCHMARK(std_thread)->Name("worker.start_join_threading_vs_std_thread/baseline")->UseRealTime();
BENCHMARK(start_join<freethreading::multiprocessing::worker>)
    ->Name("worker.start_join_multiprocessing_vs_fork_waitpid/ours")
    ->UseRealTime();
BENCHMARK(fork_waitpid)->Name("worker.start_join_multiprocessing_vs_fork_waitpid/baseline")->UseRealTime();

// The facade resolves the backend once (threading by default, or
// FREETHREADING_BACKEND); reported without a ratio.
BENCHMARK(start_join<freethreading::worker>)->Name("worker.start_join_facade")->UseRealTime();

int main(int argc, char** argv)
{
    // A start and join is two or three cross-CPU wake-ups, and each
    // repetition's mean moves with where the scheduler puts the new thread or
    // process (by how much: doc/design-notes.md, worker): 15 short
    // repetitions, interleaved, keep the medians (and their ratio) steady.
    return freethreading_bench::run_main(argc, argv, {.repetitions = 15, .min_time = 0.2});
}
