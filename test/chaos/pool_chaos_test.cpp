//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Chaos on process pools (DESIGN §6 "Pools", "Crash consistency"): in each
// seeded iteration (chaos_support.hpp: 200 by default, under a watchdog) a
// batch of tasks of random lengths goes to one long-lived pool of three
// worker processes, and at a random moment — before any task ran, while
// some run, after most are done — one of the pool's workers, picked at
// random from active_children(), is SIGKILLed. Then every future resolves
// within the watchdog's limit, with its value or with broken_pool_error, and
// exactly the dead worker's futures fail: a failed task was never seen
// running anywhere but in the victim, and a task the victim had started and
// not finished fails. The pool replaces the worker and the next iteration
// uses it; the segment is never poisoned.
//
// Written once over the pool, run for multiprocessing::worker_pool_executor
// (submit → future), multiprocessing::worker_pool (apply_async →
// async_result) and the facades worker_pool_executor and worker_pool on the
// multiprocessing backend. The pools also run the batch as one
// starmap_async in chunks of random size (handed to the engine in batches):
// then the map either has every value, and every task finished, or fails
// with broken_pool_error, and it must fail when the victim had started a
// task and not finished it.
//
// Tasks report through a page of shared memory mapped before the pool is
// made (so its workers inherit it), never through library handles: a handle
// held by a killed process is never given back.

#include <freethreading/core/backend.hpp>
#include <freethreading/core/errors.hpp>
#include <freethreading/executor.hpp>
#include <freethreading/worker.hpp>

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <optional>
#include <random>
#include <signal.h>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

#include "chaos_support.hpp"

namespace ft = freethreading;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t workers = 3;
constexpr int most_tasks = 24;

// What tasks tell the test.
struct task_board
{
    std::array<std::atomic<int>, most_tasks> pid{};      // the worker a task started in
    std::array<std::atomic<int>, most_tasks> finished{}; // 1 once it returns
    std::atomic<int> started{0};                         // tasks started in this iteration
};

// Set before each pool is made: its workers see the same page.
task_board* the_board = nullptr;

// Marks its start, runs for `micros` (spinning, so the kill lands in user
// code or in the engine's loop alike), marks its end.
int task(int id, int micros)
{
    the_board->pid[static_cast<std::size_t>(id)].store(static_cast<int>(::getpid()));
    the_board->started.fetch_add(1);
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(micros);
    while (std::chrono::steady_clock::now() < until) {
    }
    the_board->finished[static_cast<std::size_t>(id)].store(1);
    return 3 * id + 1;
}

// How each pool takes a task and what it gives back.
template <class Pool>
auto send(Pool& pool, int id, int micros)
{
    if constexpr (requires { pool.submit(&task, id, micros); })
        return pool.submit(&task, id, micros);
    else
        return pool.apply_async(&task, id, micros);
}

// The pool's worker processes, from active_children().
std::vector<pid_t> pool_workers()
{
    std::vector<pid_t> pids;
    for (const ft::worker_info& w : ft::active_children())
        if (w.alive && (w.name.rfind("ForkProcess-", 0) == 0 || w.name.rfind("ForkPoolWorker-", 0) == 0))
            pids.push_back(static_cast<pid_t>(w.ident));
    return pids;
}

// How a task's future ended.
enum class outcome { value, broken, wrong_value, other_error, unresolved };

template <class Handle>
outcome resolve(const Handle& h, int id)
{
    if (!h.wait_for(30s))
        return outcome::unresolved;
    try {
        return h.get() == 3 * id + 1 ? outcome::value : outcome::wrong_value;
    } catch (const ft::broken_pool_error&) {
        return outcome::broken;
    } catch (const std::exception& e) {
        BOOST_TEST_MESSAGE("task " << id << " failed with " << e.what());
        return outcome::other_error;
    }
}

struct tally
{
    int kills = 0;
    int failed = 0;       // futures failed with broken_pool_error
    int idle_kills = 0;   // kills that failed no future
    int most_failed = 0;  // the most futures one kill failed
};

void reset_board()
{
    task_board& b = *the_board;
    for (int i = 0; i < most_tasks; ++i) {
        b.pid[static_cast<std::size_t>(i)].store(0);
        b.finished[static_cast<std::size_t>(i)].store(0);
    }
    b.started.store(0);
}

// The moment: once k of the iteration's `tasks` tasks have started (k = 0:
// at once), then a little more; then one of the pool's workers, picked at
// random, is SIGKILLed. Its pid.
pid_t kill_a_worker(int it, int tasks, std::mt19937& rng, tally& t)
{
    const int k = std::uniform_int_distribution<int>(0, tasks)(rng);
    const auto limit = std::chrono::steady_clock::now() + 10s;
    while (the_board->started.load() < k && std::chrono::steady_clock::now() < limit)
        std::this_thread::yield();
    chaos::random_pause(rng, 1000);
    const std::vector<pid_t> candidates = pool_workers();
    BOOST_TEST_REQUIRE(candidates.size() == workers,
                       "iteration " << it << ": " << candidates.size() << " pool workers alive, not " << workers);
    const pid_t victim = candidates[std::uniform_int_distribution<std::size_t>(0, workers - 1)(rng)];
    BOOST_TEST_REQUIRE(::kill(victim, SIGKILL) == 0);
    ++t.kills;
    return victim;
}

void count_failures(tally& t, int failed)
{
    t.failed += failed;
    t.idle_kills += failed == 0;
    t.most_failed = std::max(t.most_failed, failed);
}

// The victim is replaced, the pool keeps working and the segment allocates.
bool recovered(int it, pid_t victim)
{
    const auto back = std::chrono::steady_clock::now() + 10s;
    std::vector<pid_t> now = pool_workers();
    while ((now.size() != workers || std::find(now.begin(), now.end(), victim) != now.end()) &&
           std::chrono::steady_clock::now() < back) {
        std::this_thread::sleep_for(1ms);
        now = pool_workers();
    }
    BOOST_TEST(now.size() == workers, "iteration " << it << ": the killed worker was not replaced");
    BOOST_TEST((std::find(now.begin(), now.end(), victim) == now.end()));
    const bool probed = chaos::segment_allocates();
    BOOST_TEST(probed, "iteration " << it << ": the segment cannot allocate after the kill");
    return probed && now.size() == workers;
}

// One iteration of single tasks; false on a broken invariant (already
// reported).
template <class Pool>
bool one_kill(Pool& pool, int it, std::mt19937& rng, tally& t)
{
    task_board& b = *the_board;
    reset_board();
    const int tasks = std::uniform_int_distribution<int>(1, most_tasks)(rng);
    using handle = decltype(send(pool, 0, 0));
    std::vector<handle> futures;
    for (int i = 0; i < tasks; ++i)
        futures.push_back(send(pool, i, std::uniform_int_distribution<int>(0, 2000)(rng)));
    const pid_t victim = kill_a_worker(it, tasks, rng, t);

    bool ok = true;
    int failed = 0;
    for (int i = 0; i < tasks; ++i) {
        const outcome o = resolve(futures[static_cast<std::size_t>(i)], i);
        const int ran_in = b.pid[static_cast<std::size_t>(i)].load();
        const bool finished = b.finished[static_cast<std::size_t>(i)].load() != 0;
        if (o == outcome::unresolved || o == outcome::wrong_value || o == outcome::other_error) {
            BOOST_TEST(false, "iteration " << it << ": task " << i << " "
                                           << (o == outcome::unresolved ? "never resolved"
                                               : o == outcome::wrong_value ? "gave a wrong value"
                                                                           : "failed with an unexpected error"));
            ok = false;
        } else if (o == outcome::broken) {
            ++failed;
            // Only the victim's tasks fail: one another worker ran (or
            // finished) must not.
            if (ran_in != 0 && ran_in != victim) {
                BOOST_TEST(false, "iteration " << it << ": task " << i << " ran in " << ran_in
                                               << ", not in the killed worker " << victim << ", yet failed");
                ok = false;
            }
        } else if (ran_in == victim && !finished) {
            BOOST_TEST(false, "iteration " << it << ": task " << i << " was cut short by the kill, yet has a value");
            ok = false;
        }
    }
    // submit and apply_async hand a worker one task at a time: one kill
    // fails at most the one task its victim held.
    BOOST_TEST(failed <= 1, "iteration " << it << ": one kill failed " << failed << " futures");
    ok = ok && failed <= 1;
    count_failures(t, failed);
    return recovered(it, victim) && ok;
}

// One iteration of the same tasks as one starmap_async in chunks.
template <class Pool>
bool one_map_kill(Pool& pool, int it, std::mt19937& rng, tally& t)
{
    task_board& b = *the_board;
    reset_board();
    const int tasks = std::uniform_int_distribution<int>(1, most_tasks)(rng);
    std::vector<std::tuple<int, int>> args;
    for (int i = 0; i < tasks; ++i)
        args.emplace_back(i, std::uniform_int_distribution<int>(0, 2000)(rng));
    const auto chunksize = static_cast<std::size_t>(std::uniform_int_distribution<int>(1, 6)(rng));
    auto result = pool.starmap_async(&task, args, chunksize);
    const pid_t victim = kill_a_worker(it, tasks, rng, t);

    if (!result.wait_for(30s)) {
        BOOST_TEST(false, "iteration " << it << ": the map never resolved");
        return false;
    }
    bool cut_short = false; // a task the victim started and did not finish
    bool all_finished = true;
    for (std::size_t i = 0; i < static_cast<std::size_t>(tasks); ++i) {
        const bool finished = b.finished[i].load() != 0;
        cut_short = cut_short || (b.pid[i].load() == victim && !finished);
        all_finished = all_finished && finished;
    }
    bool ok = true;
    int failed = 0;
    try {
        const std::vector<int>& out = result.get();
        bool right = out.size() == static_cast<std::size_t>(tasks);
        for (std::size_t i = 0; right && i < out.size(); ++i)
            right = out[i] == 3 * static_cast<int>(i) + 1;
        BOOST_TEST(right, "iteration " << it << ": the map gave wrong values");
        BOOST_TEST(!cut_short, "iteration " << it << ": a task was cut short by the kill, yet the map has values");
        BOOST_TEST(all_finished, "iteration " << it << ": the map has values for tasks that never finished");
        ok = right && !cut_short && all_finished;
    } catch (const ft::broken_pool_error&) {
        failed = 1;
    } catch (const std::exception& e) {
        BOOST_TEST(false, "iteration " << it << ": the map failed with an unexpected error: " << e.what());
        ok = false;
    }
    count_failures(t, failed);
    return recovered(it, victim) && ok;
}

template <class Pool, bool Maps = false>
void run_scenario(const char* name)
{
    ft::set_backend(ft::backend::multiprocessing); // the facades' processes, whatever the environment says
    const unsigned seed = chaos::seed();
    std::mt19937 rng(seed);
    const int iterations = chaos::iterations();
    freethreading_test::shared_page<task_board> board;
    the_board = &*board;
    tally t;
    {
        Pool pool(workers);
        {
            chaos::watchdog dog(seed, 60s);
            for (int it = 0; it < iterations; ++it) {
                dog.start(it);
                bool ok = false;
                if constexpr (Maps)
                    ok = one_map_kill(pool, it, rng, t);
                else
                    ok = one_kill(pool, it, rng, t);
                if (!ok)
                    break;
            }
            dog.start(iterations); // the pool's shutdown, watched too
            // After the chaos, the pool still computes.
            auto last = send(pool, 0, 0);
            BOOST_TEST((resolve(last, 0) == outcome::value));
        }
    }
    the_board = nullptr;
    BOOST_TEST_MESSAGE(name << ": " << t.kills << " kills failed " << t.failed << " futures (at most "
                            << t.most_failed << " at once); " << t.idle_kills << " killed an idle worker");
    BOOST_TEST(t.kills == iterations);
    BOOST_TEST(!freethreading::detail::shared_segment::instance().poisoned());
    BOOST_TEST(pool_workers().empty());
}

} // namespace

BOOST_AUTO_TEST_CASE(process_executor_fails_exactly_the_killed_workers_futures)
{
    run_scenario<ft::multiprocessing::worker_pool_executor>("multiprocessing::worker_pool_executor");
}

BOOST_AUTO_TEST_CASE(process_pool_fails_exactly_the_killed_workers_results)
{
    run_scenario<ft::multiprocessing::worker_pool>("multiprocessing::worker_pool");
}

BOOST_AUTO_TEST_CASE(facade_executor_fails_exactly_the_killed_workers_futures)
{
    run_scenario<ft::worker_pool_executor>("worker_pool_executor (facade)");
}

BOOST_AUTO_TEST_CASE(facade_pool_fails_exactly_the_killed_workers_results)
{
    run_scenario<ft::worker_pool>("worker_pool (facade)");
}

BOOST_AUTO_TEST_CASE(process_pool_map_has_every_value_or_fails_broken)
{
    run_scenario<ft::multiprocessing::worker_pool, true>("multiprocessing::worker_pool, starmap_async");
}

BOOST_AUTO_TEST_CASE(facade_pool_map_has_every_value_or_fails_broken)
{
    run_scenario<ft::worker_pool, true>("worker_pool (facade), starmap_async");
}
