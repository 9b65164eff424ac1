//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Results computed in a pool — in other processes with
// FREETHREADING_BACKEND=multiprocessing — awaited from Boost.Asio coroutines
// (DESIGN §7). One io_context thread runs:
//   - a coroutine that awaits 8 prime counts with
//     `co_await fut.async_get(asio::use_awaitable)`,
//   - a steady timer that keeps ticking in the same thread meanwhile,
//   - a coroutine that awaits a long task which another coroutine cancels
//     through an asio::cancellation_signal: the task takes a stop token, so
//     the cancellation asks it to stop, and the await ends with
//     operation_aborted.

#include <freethreading.hpp>

#include <boost/asio.hpp>

#include <chrono>
#include <iostream>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;

/** The primes in [from, from + 200000), by trial division. */
int count_primes(int from)
{
    int count = 0;
    for (int n = from; n < from + 200000; ++n) {
        bool prime = n >= 2;
        for (int d = 2; prime && d * d <= n; ++d)
            prime = n % d != 0;
        count += prime ? 1 : 0;
    }
    return count;
}

/** Runs until asked to stop (a minute at most); how long it ran, in 10 ms units. */
int run_until_stopped(freethreading::stop_token token)
{
    int slices = 0;
    while (slices < 6000 && !token.wait_for(10ms))
        ++slices;
    return slices;
}

int main()
{
    freethreading::worker_pool_executor pool(2);
    asio::io_context io; // run by this thread only

    // The timer ticks every 5 ms until the counts are in.
    int ticks = 0;
    int ticks_while_counting = 0;
    bool counting = true;
    asio::steady_timer timer(io);
    auto tick = [&](auto& self) -> void {
        timer.expires_after(5ms);
        timer.async_wait([&, self](boost::system::error_code ec) {
            if (ec || !counting)
                return;
            ++ticks;
            self(self);
        });
    };
    tick(tick);

    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            std::vector<freethreading::future<int>> counts;
            for (int k = 0; k < 8; ++k)
                counts.push_back(pool.submit(count_primes, k * 1000000));
            int total = 0;
            for (int k = 0; k < 8; ++k) {
                const int n = co_await counts[k].async_get(asio::use_awaitable);
                std::cout << "primes in [" << k * 1000000 << ", " << k * 1000000 + 200000 << "): " << n << '\n';
                total += n;
            }
            std::cout << "total: " << total << '\n';
            ticks_while_counting = ticks;
            counting = false;
            timer.cancel();
        },
        asio::detached);

    // One long task, awaited with a cancellation slot, and cancelled.
    asio::cancellation_signal cancel_long_task;
    freethreading::future<int> long_task = pool.submit(run_until_stopped);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            try {
                (void)co_await long_task.async_get(
                    asio::bind_cancellation_slot(cancel_long_task.slot(), asio::use_awaitable));
                std::cout << "the long task finished by itself\n";
            } catch (const boost::system::system_error& e) {
                std::cout << "the long task's await was cancelled: "
                          << (e.code() == asio::error::operation_aborted ? "operation_aborted" : e.what()) << '\n';
            }
        },
        asio::detached);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            asio::steady_timer wait(io, 50ms);
            co_await wait.async_wait(asio::use_awaitable);
            cancel_long_task.emit(asio::cancellation_type::total);
        },
        asio::detached);

    io.run();
    std::cout << "the timer ticked while the counts were computed: " << (ticks_while_counting > 0 ? "yes" : "no")
              << '\n';
    std::cout << "the long task saw its stop request: " << (long_task.get_for(60s) < 6000 ? "yes" : "no") << '\n';
}
