//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// CPU-bound scaling (DESIGN §10, doc/benchmarks.md's speed-up plot): the
// primes below 2,000,000 in 64 chunks, counted by `map` over 1, 2, … up to
// the CPUs this process may use, on each backend, against the same 64 calls
// made serially. No RATIO line: build/bench_report.py draws the speed-up
// (serial time / pool time) of each backend against the ideal (the worker
// count) from these runs:
//
//   executor.scaling/serial
//   executor.scaling/<backend>/workers:<n>
//
// A pool is made once per run, outside the timed loop; each repetition is
// one whole count.

#include <freethreading/executor.hpp>

#include "primes.hpp"

#include <freethreading_bench/ratio.hpp>

namespace {

namespace primes = freethreading_bench::primes;

template <class Executor>
void pool_count(benchmark::State& state)
{
    primes::map_count<Executor>(state, static_cast<int>(state.range(0)));
}

} // namespace

int main(int argc, char** argv)
{
    const int cpus = static_cast<int>(freethreading::detail::usable_cpu_count());
    benchmark::RegisterBenchmark("executor.scaling/serial", primes::serial_count)->Iterations(1)->UseRealTime();
    for (int n = 1; n <= cpus; ++n) {
        benchmark::RegisterBenchmark("executor.scaling/threading",
                                     pool_count<freethreading::threading::worker_pool_executor>)
            ->ArgName("workers")->Arg(n)->Iterations(1)->UseRealTime();
        benchmark::RegisterBenchmark("executor.scaling/multiprocessing",
                                     pool_count<freethreading::multiprocessing::worker_pool_executor>)
            ->ArgName("workers")->Arg(n)->Iterations(1)->UseRealTime();
    }
    return freethreading_bench::run_main(argc, argv, {.repetitions = 5});
}
