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

#include "worker_conformance.hpp"
#include "worker_run_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <functional>
#include <mutex>
#include <numeric>
#include <stop_token>
#include <tuple>

using worker_types =
    std::tuple<freethreading::threading::worker, freethreading::multiprocessing::worker, freethreading::worker>;

// worker_like, part one: construction, names, daemon flag, liveness, joins, identity.

BOOST_AUTO_TEST_CASE_TEMPLATE(models_worker_like_and_copies_are_handles, W, worker_types)
{
    worker_conformance::test_models_worker_like_and_copies_are_handles<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(with_args, W, worker_types)
{
    worker_conformance::test_with_args<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(name_property, W, worker_types)
{
    worker_conformance::test_name_property<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(default_names_follow_python, W, worker_types)
{
    worker_conformance::test_default_names_follow_python<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(name_is_given_to_the_os, W, worker_types)
{
    worker_conformance::test_name_is_given_to_the_os<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(daemon_property, W, worker_types)
{
    worker_conformance::test_daemon_property<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(is_alive_before_during_after, W, worker_types)
{
    worker_conformance::test_is_alive_before_during_after<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(join_for_times_out_on_a_sleeping_worker, W, worker_types)
{
    worker_conformance::test_join_for_times_out_on_a_sleeping_worker<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(ident_is_set_by_start_and_kept_after_join, W, worker_types)
{
    worker_conformance::test_ident_is_set_by_start_and_kept_after_join<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(current_worker_inside_the_target, W, worker_types)
{
    worker_conformance::test_current_worker_inside_the_target<W>();
}

// worker_like, part two: what running does.

BOOST_AUTO_TEST_CASE_TEMPLATE(an_exception_is_reported_and_gives_exit_code_1, W, worker_types)
{
    worker_conformance::test_an_exception_is_reported_and_gives_exit_code_1<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(stop_token_target_stops_promptly, W, worker_types)
{
    worker_conformance::test_stop_token_target_stops_promptly<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(stop_requested_before_start_is_seen_at_once, W, worker_types)
{
    worker_conformance::test_stop_requested_before_start_is_seen_at_once<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(last_handle_requests_stop_and_joins, W, worker_types)
{
    worker_conformance::test_last_handle_requests_stop_and_joins<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(misuse_is_a_logic_error, W, worker_types)
{
    worker_conformance::test_misuse_is_a_logic_error<W>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(output_written_before_start_appears_once, W, worker_types)
{
    worker_conformance::test_output_written_before_start_appears_once<W>();
}

// What differs between a thread and a process, and workers with the sync and
// queue primitives together.

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
