//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The CPU-bound work of the executor's benchmarks: the primes below
// 2,000,000 counted by trial division in 64 chunks of equal range (the later
// chunks cost more: their numbers are larger).

#ifndef FREETHREADING_EXECUTOR_BENCH_PRIMES_HPP
#define FREETHREADING_EXECUTOR_BENCH_PRIMES_HPP

#include <benchmark/benchmark.h>

#include <cstdint>
#include <numeric>
#include <vector>

namespace freethreading_bench::primes {

inline constexpr std::int64_t limit = 2'000'000;
inline constexpr std::int64_t chunks = 64;
inline constexpr std::int64_t below_limit = 148'933; // the primes below limit

/** The primes in chunk `k` of [0, limit). */
inline std::int64_t count_chunk(std::int64_t k)
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

/** Each iteration counts every chunk through `ex.map`, one chunk per task. */
template <class Executor>
void map_count_on(benchmark::State& state, Executor& ex)
{
    std::vector<std::int64_t> ks(chunks);
    std::iota(ks.begin(), ks.end(), 0);
    for (auto _ : state) {
        const std::vector<std::int64_t> counts = ex.map(&count_chunk, ks);
        if (std::accumulate(counts.begin(), counts.end(), std::int64_t{0}) != below_limit)
            state.SkipWithError("wrong count");
    }
}

/** `map_count_on` over a pool of `workers` made once, outside the timed loop. */
template <class Executor>
void map_count(benchmark::State& state, int workers)
{
    Executor ex(workers);
    map_count_on(state, ex);
}

/** Each iteration makes the same calls one after the other. */
inline void serial_count(benchmark::State& state)
{
    for (auto _ : state) {
        std::int64_t total = 0;
        for (std::int64_t k = 0; k < chunks; ++k)
            total += count_chunk(k);
        if (total != below_limit)
            state.SkipWithError("wrong count");
    }
}

} // namespace freethreading_bench::primes

#endif // FREETHREADING_EXECUTOR_BENCH_PRIMES_HPP
