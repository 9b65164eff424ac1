//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Awaiting results from an Asio coroutine (DESIGN §7), 2 worker processes:
//
//   executor.async_get_coroutine_vs_blocking_get
//       multiprocessing::worker_pool_executor: 100,000 submit(f, i), then
//       one coroutine on an io_context awaits every future in turn with
//       `co_await f.async_get(asio::use_awaitable)`, against the same
//       submissions collected with blocking get()
//
// The pool is made once per benchmark, outside the timed loop; the
// io_context is made per batch, as a program would.

#include <freethreading/executor.hpp>

#include <freethreading_bench/ratio.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdint>
#include <vector>

namespace {

constexpr int count = 100'000;
constexpr std::int64_t expected_sum = static_cast<std::int64_t>(count) * (count + 1) / 2;

using process_executor = freethreading::multiprocessing::worker_pool_executor;

int add_one(int x)
{
    return x + 1;
}

void submit_all(process_executor& ex, std::vector<freethreading::future<int>>& futures)
{
    futures.clear();
    for (int i = 0; i < count; ++i)
        futures.push_back(ex.submit(&add_one, i));
}

void coroutine_awaits(benchmark::State& state)
{
    process_executor ex(2);
    std::vector<freethreading::future<int>> futures;
    futures.reserve(count);
    for (auto _ : state) {
        submit_all(ex, futures);
        boost::asio::io_context io;
        std::int64_t sum = 0;
        boost::asio::co_spawn(
            io,
            [&]() -> boost::asio::awaitable<void> {
                for (const auto& f : futures)
                    sum += co_await f.async_get(boost::asio::use_awaitable);
            },
            boost::asio::detached);
        io.run();
        if (sum != expected_sum)
            state.SkipWithError("wrong results");
    }
    state.SetItemsProcessed(state.iterations() * count);
}

void blocking_gets(benchmark::State& state)
{
    process_executor ex(2);
    std::vector<freethreading::future<int>> futures;
    futures.reserve(count);
    for (auto _ : state) {
        submit_all(ex, futures);
        std::int64_t sum = 0;
        for (const auto& f : futures)
            sum += f.get();
        if (sum != expected_sum)
            state.SkipWithError("wrong results");
    }
    state.SetItemsProcessed(state.iterations() * count);
}

} // namespace

BENCHMARK(coroutine_awaits)->Name("executor.async_get_coroutine_vs_blocking_get/ours")->UseRealTime();
BENCHMARK(blocking_gets)->Name("executor.async_get_coroutine_vs_blocking_get/baseline")->UseRealTime();

int main(int argc, char** argv)
{
    // A batch takes about a tenth of a second: a few per repetition.
    return freethreading_bench::run_main(argc, argv, {.repetitions = 5, .min_time = 0.3});
}
