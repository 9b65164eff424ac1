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

#include <freethreading_bench/ratio.hpp>

#include <cstdint>
#include <numeric>
#include <vector>

namespace {

constexpr int inputs = 200'000;
constexpr std::int64_t limit = 2'000'000;
constexpr std::int64_t chunks = 64;
constexpr std::int64_t primes_below_limit = 148'933;

int add_one(int x)
{
    return x + 1;
}

// The primes in chunk k of [0, limit).
std::int64_t count_primes(std::int64_t k)
{
    const std::int64_t lo = k * (limit / chunks);
    const std::int64_t hi = k + 1 == chunks ? limit : lo + limit / chunks;
    std::int64_t n = 0;
    for (std::int64_t x = lo < 2 ? 2 : lo; x < hi; ++x) {
        bool prime = true;
        for (std::int64_t d = 2; d * d <= x; ++d)
            if (x % d == 0) {
                prime = false;
                break;
            }
        n += prime ? 1 : 0;
    }
    return n;
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
    Executor ex(2);
    std::vector<std::int64_t> ks(chunks);
    std::iota(ks.begin(), ks.end(), 0);
    for (auto _ : state) {
        const std::vector<std::int64_t> counts = ex.map(&count_primes, ks);
        if (std::accumulate(counts.begin(), counts.end(), std::int64_t{0}) != primes_below_limit)
            state.SkipWithError("wrong count");
    }
}

void primes_serial(benchmark::State& state)
{
    for (auto _ : state) {
        std::int64_t total = 0;
        for (std::int64_t k = 0; k < chunks; ++k)
            total += count_primes(k);
        if (total != primes_below_limit)
            state.SkipWithError("wrong count");
    }
}

using threading_executor = freethreading::threading::worker_pool_executor;
using process_executor = freethreading::multiprocessing::worker_pool_executor;

} // namespace

// Fixed iterations, so the program takes seconds whatever the machine's
// load: a map of 200,000 inputs takes a few milliseconds (40 per
// repetition), counting the primes about half a second (1).
BENCHMARK(map_chunk100<process_executor>)
    ->Name("executor.map_chunk100_multiprocessing_vs_threading/ours")
    ->UseRealTime()
    ->Iterations(40);
BENCHMARK(map_chunk100<threading_executor>)
    ->Name("executor.map_chunk100_multiprocessing_vs_threading/baseline")
    ->UseRealTime()
    ->Iterations(40);
BENCHMARK(primes_map<threading_executor>)->Name("executor.primes_threading_vs_serial/ours")->UseRealTime()->Iterations(1);
BENCHMARK(primes_serial)->Name("executor.primes_threading_vs_serial/baseline")->UseRealTime()->Iterations(1);
BENCHMARK(primes_map<process_executor>)
    ->Name("executor.primes_multiprocessing_vs_serial/ours")
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(primes_serial)->Name("executor.primes_multiprocessing_vs_serial/baseline")->UseRealTime()->Iterations(1);

int main(int argc, char** argv)
{
    return freethreading_bench::run_main(argc, argv, {.repetitions = 5});
}
