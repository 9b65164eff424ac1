//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Submitting tiny tasks and collecting every result (DESIGN §10), 2 workers:
//
//   executor.submit_get_threading_vs_asio_thread_pool
//       threading::worker_pool_executor: 200,000 submit(f, i), then every
//       future's get(), against boost::asio::thread_pool + post of a
//       std::packaged_task<int()> and every std::future's get()
//   executor.submit_get_multiprocessing_vs_threading
//       the same work on multiprocessing::worker_pool_executor against the
//       threading executor
//   executor.submit_get_multiprocessing_vs_python_process_pool
//       20,000 tasks on multiprocessing::worker_pool_executor against
//       Python's concurrent.futures.ProcessPoolExecutor(2) doing the same
//       (python_process_pool.py, run by the machine's python3; its rounds
//       are timed inside Python, without the interpreter's start)
//
// Pools are made once per benchmark, outside the timed loop.

#include <freethreading/executor.hpp>

#include <freethreading_bench/ratio.hpp>
#include <freethreading_bench/submit_get.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <cstdio>
#include <future>
#include <string>
#include <vector>

namespace {

constexpr int many = 200'000;
constexpr int python_count = 20'000;

using freethreading_bench::add_one;

template <class Executor>
void submit_get(benchmark::State& state, int count)
{
    Executor ex(2);
    freethreading_bench::submit_get_on<Executor, freethreading::future<int>>(state, ex, count);
}

void asio_pool(benchmark::State& state)
{
    boost::asio::thread_pool pool(2);
    std::vector<std::future<int>> futures;
    futures.reserve(many);
    for (auto _ : state) {
        futures.clear();
        for (int i = 0; i < many; ++i) {
            std::packaged_task<int()> task([i] { return add_one(i); });
            futures.push_back(task.get_future());
            // Wrapped: with <boost/asio/packaged_task.hpp> seen (Asio's
            // headers bring it in), a packaged_task given to post is a
            // completion token whose future Asio takes itself.
            boost::asio::post(pool, [t = std::move(task)]() mutable { t(); });
        }
        std::int64_t sum = 0;
        for (auto& f : futures)
            sum += f.get();
        if (sum != static_cast<std::int64_t>(many) * (many + 1) / 2)
            state.SkipWithError("wrong results");
    }
    pool.join();
    state.SetItemsProcessed(state.iterations() * many);
}

// Python times its own rounds; each iteration takes the next one.
void python_pool(benchmark::State& state)
{
    const std::string command = std::string("python3 '") + FREETHREADING_PYTHON_POOL_SCRIPT + "' " +
                                std::to_string(python_count) + " 1";
    for (auto _ : state) {
        std::FILE* p = ::popen(command.c_str(), "r");
        double seconds = 0;
        const bool read = p != nullptr && std::fscanf(p, "%lf", &seconds) == 1;
        if (p == nullptr || ::pclose(p) != 0 || !read) {
            state.SkipWithError("python3 python_process_pool.py failed (is python3 installed?)");
            return;
        }
        state.SetIterationTime(seconds);
    }
    state.SetItemsProcessed(state.iterations() * python_count);
}

using threading_executor = freethreading::threading::worker_pool_executor;
using process_executor = freethreading::multiprocessing::worker_pool_executor;

void threading_many(benchmark::State& state)
{
    submit_get<threading_executor>(state, many);
}

void processes_many(benchmark::State& state)
{
    submit_get<process_executor>(state, many);
}

void processes_python_count(benchmark::State& state)
{
    submit_get<process_executor>(state, python_count);
}

} // namespace

// Fixed iterations, so the program takes about half a minute whatever the
// machine's load: a batch of 200,000 tasks takes 0.05-0.2 s (4 per
// repetition), one of 20,000 about 15 ms (20), and Python's round of 20,000
// 1.5-2 s plus its interpreter's and pool's start (1 per repetition).
BENCHMARK(threading_many)
    ->Name("executor.submit_get_threading_vs_asio_thread_pool/ours")
    ->UseRealTime()
    ->Iterations(4);
BENCHMARK(asio_pool)
    ->Name("executor.submit_get_threading_vs_asio_thread_pool/baseline")
    ->UseRealTime()
    ->Iterations(4);
BENCHMARK(processes_many)
    ->Name("executor.submit_get_multiprocessing_vs_threading/ours")
    ->UseRealTime()
    ->Iterations(4);
BENCHMARK(threading_many)
    ->Name("executor.submit_get_multiprocessing_vs_threading/baseline")
    ->UseRealTime()
    ->Iterations(4);
BENCHMARK(processes_python_count)
    ->Name("executor.submit_get_multiprocessing_vs_python_process_pool/ours")
    ->UseRealTime()
    ->Iterations(20);
BENCHMARK(python_pool)
    ->Name("executor.submit_get_multiprocessing_vs_python_process_pool/baseline")
    ->UseManualTime()
    ->Iterations(1);

int main(int argc, char** argv)
{
    return freethreading_bench::run_main(argc, argv, {.repetitions = 5});
}
