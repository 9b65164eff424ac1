//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// worker over its three spellings: the conformance suite, then what differs
// between a thread and a process, and workers that use the sync and queue
// primitives together.

#include <freethreading/worker/worker.hpp>

#include <freethreading/queue/queue.hpp>
#include <freethreading/sync/lock.hpp>
#include <freethreading/sync/stop_token.hpp>

#include <tuple>

using worker_types =
    std::tuple<freethreading::threading::worker, freethreading::multiprocessing::worker, freethreading::worker>;

#include "worker_conformance.hpp"
#include "worker_run_conformance.hpp"

#include <functional>
#include <mutex>
#include <numeric>
#include <stop_token>

namespace {

using namespace std::chrono_literals;

// Written by workers: a thread writes this process's copy, a process its own.
std::atomic<int> counter_in_parent_memory{0};

} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(a_process_sees_a_copy_of_the_parent_memory, W, worker_types)
{
    // DESIGN §5: the counter example reads 5 on threads and 0 on processes.
    counter_in_parent_memory = 0;
    std::vector<W> workers;
    for (int i = 0; i < 5; ++i)
        workers.emplace_back([] { ++counter_in_parent_memory; });
    for (W& w : workers)
        w.start();
    for (W& w : workers)
        w.join();
    for (W& w : workers)
        BOOST_TEST(w.exitcode() == std::optional<int>(0));
    BOOST_TEST(counter_in_parent_memory.load() == (worker_conformance::makes_processes<W>() ? 0 : 5));
}

BOOST_AUTO_TEST_CASE(a_thread_worker_may_take_a_reference)
{
    // Only facade and multiprocessing workers refuse std::reference_wrapper
    // (compile_fail/worker_reference_wrapper.cpp).
    int x = 1;
    freethreading::threading::worker w([](int& r) { r = 42; }, std::ref(x));
    w.start();
    w.join();
    BOOST_TEST(x == 42);
}

BOOST_AUTO_TEST_CASE(a_thread_target_may_take_a_std_stop_token)
{
    std::atomic<bool> stopped{false};
    freethreading::threading::worker w([&stopped](std::stop_token t) {
        while (!t.stop_requested())
            std::this_thread::sleep_for(1ms);
        stopped = true;
    });
    w.start();
    w.request_stop();
    BOOST_TEST(w.join_for(1s));
    BOOST_TEST(stopped.load());
}

BOOST_AUTO_TEST_CASE(facade_terminate_and_kill_follow_the_backend)
{
    freethreading::worker w([](freethreading::stop_token t) {
        while (!t.stop_requested())
            std::this_thread::sleep_for(1ms);
    });
    w.start();
    if (freethreading::get_backend() == freethreading::backend::threading) {
        BOOST_TEST(worker_conformance::throws_logic_error([&] { w.terminate(); }));
        BOOST_TEST(worker_conformance::throws_logic_error([&] { w.kill(); }));
        w.request_stop();
        w.join();
        BOOST_TEST(w.exitcode() == std::optional<int>(0));
    } else {
        w.terminate();
        w.join();
        BOOST_TEST(w.exitcode() == std::optional<int>(-SIGTERM));
    }
}

BOOST_AUTO_TEST_CASE(terminate_before_start_is_a_logic_error)
{
    freethreading::multiprocessing::worker w([] {});
    BOOST_TEST(worker_conformance::throws_logic_error([&] { w.terminate(); }));
    BOOST_TEST(worker_conformance::throws_logic_error([&] { w.kill(); }));
}

namespace {

template <class W, class L, class Q>
struct spelling
{
    using worker = W;
    using lock = L;
    using queue = Q;
};

// A counter that only the lock protects: not atomic, so a lost update shows.
struct guarded_count
{
    long value = 0;
};

} // namespace

using sync_queue_spellings = std::tuple<
    spelling<freethreading::threading::worker, freethreading::threading::lock, freethreading::threading::queue<int>>,
    spelling<freethreading::multiprocessing::worker, freethreading::multiprocessing::lock,
             freethreading::multiprocessing::queue<int>>,
    spelling<freethreading::worker, freethreading::lock, freethreading::queue<int>>>;

BOOST_AUTO_TEST_CASE_TEMPLATE(workers_with_a_lock_and_a_queue_give_exact_results, S, sync_queue_spellings)
{
    using W = typename S::worker;
    using L = typename S::lock;
    using Q = typename S::queue;
    constexpr int n_workers = 4;
    constexpr int rounds = 250;
    freethreading_test::shared_page<guarded_count> count;
    guarded_count* const pc = &*count;
    L lock;
    Q results;
    std::vector<W> workers;
    for (int id = 0; id < n_workers; ++id)
        workers.emplace_back(
            [pc](L l, Q q, int me) {
                for (int r = 0; r < rounds; ++r) {
                    {
                        std::scoped_lock guard(l);
                        const long seen = pc->value;
                        if (r % 16 == 0)
                            std::this_thread::yield(); // widen the window a lost update needs
                        pc->value = seen + 1;
                    }
                    q.put(me * 1000 + r);
                }
            },
            lock, results, id);
    for (W& w : workers)
        w.start();
    std::vector<int> next(n_workers, 0);
    long sum = 0;
    bool in_order = true;
    int got = 0;
    for (; got < n_workers * rounds; ++got) {
        const std::optional<int> v = results.get_for(10s);
        if (!v)
            break;
        const int who = *v / 1000;
        in_order = in_order && who >= 0 && who < n_workers && *v % 1000 == next[static_cast<std::size_t>(who)]++;
        sum += *v;
    }
    for (W& w : workers)
        w.join();
    for (W& w : workers)
        BOOST_TEST(w.exitcode() == std::optional<int>(0));
    BOOST_TEST(got == n_workers * rounds);
    BOOST_TEST(in_order); // each worker's items in its order (FIFO per producer)
    long expected = 0;
    for (int id = 0; id < n_workers; ++id)
        for (int r = 0; r < rounds; ++r)
            expected += id * 1000 + r;
    BOOST_TEST(sum == expected);
    BOOST_TEST(count->value == long{n_workers} * rounds);
    BOOST_TEST(!results.try_get().has_value());
}
