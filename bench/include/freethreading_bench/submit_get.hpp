//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_BENCH_SUBMIT_GET_HPP
#define FREETHREADING_BENCH_SUBMIT_GET_HPP

// Many tiny submit/get round trips, the same work for every executor that
// libs/executor/bench and libs/mpi/bench compare.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace freethreading_bench {

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

#endif // FREETHREADING_BENCH_SUBMIT_GET_HPP
