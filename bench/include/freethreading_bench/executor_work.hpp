//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_BENCH_EXECUTOR_WORK_HPP
#define FREETHREADING_BENCH_EXECUTOR_WORK_HPP

// The work the executor benchmarks give every executor (libs/executor/bench,
// libs/mpi/bench), so their figures compare like with like: counting the
// primes below 2,000,000 in 64 chunks, and many tiny submit/get round trips.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

namespace freethreading_bench {

inline constexpr std::int64_t primes_limit = 2'000'000;
inline constexpr std::int64_t primes_chunks = 64;
inline constexpr std::int64_t primes_below_limit = 148'933;

/** The primes in chunk k of [0, primes_limit), by trial division. */
inline std::int64_t count_primes(std::int64_t k)
{
    const std::int64_t lo = k * (primes_limit / primes_chunks);
    const std::int64_t hi = k + 1 == primes_chunks ? primes_limit : lo + primes_limit / primes_chunks;
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

/** The 64 chunks counted serially: the baseline of the primes figures. */
inline void primes_serial(benchmark::State& state)
{
    for (auto _ : state) {
        std::int64_t total = 0;
        for (std::int64_t k = 0; k < primes_chunks; ++k)
            total += count_primes(k);
        if (total != primes_below_limit)
            state.SkipWithError("wrong count");
    }
}

/** The 64 chunks through `ex.map`, one chunk per task. */
template <class Executor>
void primes_map_on(benchmark::State& state, Executor& ex)
{
    std::vector<std::int64_t> ks(primes_chunks);
    std::iota(ks.begin(), ks.end(), 0);
    for (auto _ : state) {
        const std::vector<std::int64_t> counts = ex.map(&count_primes, ks);
        if (std::accumulate(counts.begin(), counts.end(), std::int64_t{0}) != primes_below_limit)
            state.SkipWithError("wrong count");
    }
}

inline int add_one(int x)
{
    return x + 1;
}

/** `count` times `ex.submit(&add_one, i)`, then every future's `get()`. */
template <class Executor, class Future>
void submit_get_on(benchmark::State& state, Executor& ex, int count)
{
    std::vector<Future> futures;
    futures.reserve(static_cast<std::size_t>(count));
    for (auto _ : state) {
        futures.clear();
        for (int i = 0; i < count; ++i)
            futures.push_back(ex.submit(&add_one, i));
        std::int64_t sum = 0;
        for (const auto& f : futures)
            sum += f.get();
        if (sum != static_cast<std::int64_t>(count) * (count + 1) / 2)
            state.SkipWithError("wrong results");
    }
    state.SetItemsProcessed(state.iterations() * count);
}

} // namespace freethreading_bench

#endif // FREETHREADING_BENCH_EXECUTOR_WORK_HPP
