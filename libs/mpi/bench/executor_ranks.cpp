//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// mpi::worker_pool_executor with 3 ranks (rank 0 the client, 2 worker
// ranks), run by build/bench.sh as `mpirun -np 3`:
//
//   mpi.primes_np3_vs_serial
//       the primes below 2,000,000 counted in 64 chunks by trial division:
//       map over the 2 worker ranks against the same 64 calls made serially
//       in rank 0 (target: 0.60)
//   mpi.submit_get_np3_vs_multiprocessing
//       100,000 submit(f, i), then every future's get(), against the same on
//       multiprocessing::worker_pool_executor(2) in rank 0 (for the record)
//
// The executors are made once, outside the timed loops. While rank 0 runs a
// baseline the worker ranks are idle, polling with a backoff that sleeps.

#include <freethreading/mpi.hpp>

#include <freethreading/executor.hpp>

#include <freethreading_bench/ratio.hpp>
#include <freethreading_bench/submit_get.hpp>

#include "primes.hpp" // libs/executor/bench: the executor's primes work

#include <boost/mpi/environment.hpp>

#include <cstdio>

namespace {

constexpr int many = 100'000;

freethreading::mpi::worker_pool_executor* ranks = nullptr;

void primes_ranks(benchmark::State& state)
{
    freethreading_bench::primes::map_count_on(state, *ranks);
}

void submit_get_ranks(benchmark::State& state)
{
    freethreading_bench::submit_get_on<freethreading::mpi::worker_pool_executor, freethreading::future<int>>(
        state, *ranks, many);
}

void submit_get_processes(benchmark::State& state)
{
    freethreading::multiprocessing::worker_pool_executor ex(2);
    freethreading_bench::submit_get_on<freethreading::multiprocessing::worker_pool_executor,
                                       freethreading::future<int>>(state, ex, many);
}

} // namespace

BENCHMARK(primes_ranks)->Name("mpi.primes_np3_vs_serial/ours")->UseRealTime();
BENCHMARK(freethreading_bench::primes::serial_count)->Name("mpi.primes_np3_vs_serial/baseline")->UseRealTime();
BENCHMARK(submit_get_ranks)->Name("mpi.submit_get_np3_vs_multiprocessing/ours")->UseRealTime();
BENCHMARK(submit_get_processes)->Name("mpi.submit_get_np3_vs_multiprocessing/baseline")->UseRealTime();

int main(int argc, char** argv)
{
    boost::mpi::environment env(argc, argv, boost::mpi::threading::serialized);
    boost::mpi::communicator world;
    if (world.size() != 3) {
        if (world.rank() == 0)
            std::fprintf(stderr, "bench_mpi_executor_ranks: run it with 3 ranks (mpirun -np 3), not %d\n",
                         world.size());
        return 2;
    }
    freethreading::mpi::worker_pool_executor ex(world);
    if (!ex.is_client())
        return 0;
    ranks = &ex;
    const int status = freethreading_bench::run_main(argc, argv, {.repetitions = 5, .min_time = 0.2});
    ex.shutdown();
    return status;
}
