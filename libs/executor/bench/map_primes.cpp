//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// map over 2 workers (DESIGN §10):
//
//   executor.map_chunk100_multiprocessing_vs_threading
//       multiprocessing::worker_pool_executor::map of int f(int) over 200,000
//       inputs with chunksize 100, against the threading executor's same map
//   executor.primes_threading_vs_serial
//   executor.primes_multiprocessing_vs_serial
//       the primes below 2,000,000 counted in 64 chunks by trial division:
//       map over 2 workers against the same 64 calls made serially
//
// Pools are made once per benchmark, outside the timed loop.

#include <freethreading/executor.hpp>

#include "primes.hpp"

#include <freethreading_bench/ratio.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

namespace {

namespace primes = freethreading_bench::primes;

constexpr int inputs = 200'000;
int add_one(int x)
{
    return x + 1;
}

template <class Executor>
void map_chunk100(benchmark::State& state)
{
    Executor ex(2);
    std::vector<int> in(inputs);
    std::iota(in.begin(), in.end(), 0);
    for (auto _ : state) {
        const std::vector<int> out = ex.map(&add_one, in, 100);
        if (out.size() != in.size() || out.back() != inputs)
            state.SkipWithError("wrong results");
    }
    state.SetItemsProcessed(state.iterations() * inputs);
}

template <class Executor>
void primes_map(benchmark::State& state)
{
    primes::map_count<Executor>(state, 2);
}

using threading_executor = freethreading::threading::worker_pool_executor;
using process_executor = freethreading::multiprocessing::worker_pool_executor;

} // namespace

BENCHMARK(map_chunk100<process_executor>)
    ->Name("executor.map_chunk100_multiprocessing_vs_threading/ours")
    ->UseRealTime();
BENCHMARK(map_chunk100<threading_executor>)
    ->Name("executor.map_chunk100_multiprocessing_vs_threading/baseline")
    ->UseRealTime();
BENCHMARK(primes_map<threading_executor>)->Name("executor.primes_threading_vs_serial/ours")->UseRealTime();
BENCHMARK(primes::serial_count)->Name("executor.primes_threading_vs_serial/baseline")->UseRealTime();
BENCHMARK(primes_map<process_executor>)->Name("executor.primes_multiprocessing_vs_serial/ours")->UseRealTime();
BENCHMARK(primes::serial_count)->Name("executor.primes_multiprocessing_vs_serial/baseline")->UseRealTime();

int main(int argc, char** argv)
{
    // Each iteration is a whole batch (tenths of a second): a few per repetition.
    return freethreading_bench::run_main(argc, argv, {.repetitions = 5, .min_time = 0.3});
}
