//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_BARRIER_PARTIES_HPP
#define FREETHREADING_SYNC_TEST_BARRIER_PARTIES_HPP

// What the two parts of the barrier suite (barrier_conformance.hpp: rounds;
// barrier_break_conformance.hpp: how a barrier breaks) share: parties whose
// waits are watched from outside.

#include <freethreading/sync/barrier.hpp>

#include <freethreading/core/errors.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <thread>
#include <vector>

namespace barrier_test {

/** Polls until `n` parties wait at `b` (at most five seconds); false if they never do. */
template <class B>
bool wait_for_waiters(const B& b, std::size_t n)
{
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (b.n_waiting() != n && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return b.n_waiting() == n;
}

/** How a wait ended: its index, -1 for broken_barrier_error, -2 for another error. */
template <class F>
int outcome(F wait)
{
    try {
        return static_cast<int>(wait());
    } catch (const freethreading::broken_barrier_error&) {
        return -1;
    } catch (const std::runtime_error&) {
        return -2;
    }
}

/** `n` threads call `b.wait()`; their outcomes, sorted. */
template <class B>
std::vector<int> wait_in_threads(B& b, int n)
{
    std::vector<int> outcomes(n, -3);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] { outcomes[i] = outcome([&] { return b.wait(); }); });
    for (auto& t : threads)
        t.join();
    std::sort(outcomes.begin(), outcomes.end());
    return outcomes;
}

} // namespace barrier_test

#endif // FREETHREADING_SYNC_TEST_BARRIER_PARTIES_HPP
