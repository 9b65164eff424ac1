//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A process engine's life (DESIGN §4.3, §6 "Pools"): close, join and
// terminate and their misuse; cancel racing the claim; the destructor
// finishing queued work and leaving no process; who forks the first workers
// and their replacements; zero workers meaning the usable CPUs.

#include "process_test_support.hpp"

#include <freethreading/sync/event.hpp>

#include <freethreading/core/errors.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace process_test;
namespace ft = freethreading;

} // namespace

BOOST_AUTO_TEST_CASE(submit_after_close_and_join_before_close_are_logic_errors)
{
    engine e(1, {}, flavour::executor);
    BOOST_TEST(throws<std::logic_error>([&] { (void)e.join_until(std::chrono::steady_clock::now()); }));
    e.close();
    BOOST_TEST(throws<std::logic_error>([&] { (void)e.submit<ftd::plain_call>(&square, 1); }));
    BOOST_TEST(e.join_until(std::chrono::steady_clock::now() + 30s));
    BOOST_TEST(e.join_until(std::chrono::steady_clock::now())); // again: still true
}

BOOST_AUTO_TEST_CASE(close_lets_queued_work_finish)
{
    engine e(2, {}, flavour::pool);
    std::vector<std::shared_ptr<ftd::future_state<int>>> states;
    for (int i = 0; i < 300; ++i) // more than there are slots
        states.push_back(e.submit<ftd::plain_call>(&sleep_ms, i % 3));
    e.close();
    BOOST_TEST(e.join_until(std::chrono::steady_clock::now() + 60s));
    for (int i = 0; i < 300; ++i)
        BOOST_TEST(states[static_cast<std::size_t>(i)]->value() == i % 3);
}

BOOST_AUTO_TEST_CASE(cancel_wins_only_before_the_claim)
{
    engine e(1, {}, flavour::executor);
    ft::multiprocessing::event go;
    auto running = e.submit<ftd::plain_call>(&wait_for_event, go, 1);
    std::vector<std::shared_ptr<ftd::future_state<int>>> queued;
    for (int i = 0; i < 100; ++i) // some in slots, some still in the parent's queue
        queued.push_back(e.submit<ftd::plain_call>(&square, i));
    BOOST_TEST(freethreading_test::eventually([&] { return running->running(); }));
    BOOST_TEST(!running->cancel());
    for (int i = 0; i < 100; i += 2)
        BOOST_TEST(queued[static_cast<std::size_t>(i)]->cancel());
    go.set();
    BOOST_TEST(running->value() == 1);
    for (int i = 0; i < 100; ++i) {
        auto& s = queued[static_cast<std::size_t>(i)];
        BOOST_TEST(done_within(s));
        if (i % 2 == 0) {
            BOOST_TEST(s->cancelled());
            BOOST_TEST(fails_with<ft::cancelled_error>(s));
        } else {
            BOOST_TEST(s->value() == i * i);
        }
    }
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(terminate_cancels_what_had_not_started_and_fails_what_ran)
{
    warm_up();
    const std::size_t before = segment_free();
    {
        engine e(1, {}, flavour::pool);
        auto running = e.submit<ftd::plain_call>(&sleep_ms, 20000);
        std::vector<std::shared_ptr<ftd::future_state<int>>> queued;
        for (int i = 0; i < 100; ++i)
            queued.push_back(e.submit<ftd::plain_call>(&square, i));
        BOOST_TEST(freethreading_test::eventually([&] { return running->running(); }));
        const auto start = std::chrono::steady_clock::now();
        e.terminate();
        BOOST_TEST(e.join_until(std::chrono::steady_clock::now() + 10s));
        BOOST_TEST(freethreading_test::since(start) < 5s);
        BOOST_TEST(done_within(running, 1s));
        BOOST_TEST(fails_with<ft::broken_pool_error>(running, "terminated"));
        for (auto& s : queued)
            BOOST_TEST(s->cancelled());
        BOOST_TEST(throws<std::logic_error>([&] { (void)e.submit<ftd::plain_call>(&square, 1); }));
    }
    BOOST_TEST(segment_free() == before);
}

BOOST_AUTO_TEST_CASE(the_destructor_finishes_queued_work_and_leaves_no_process)
{
    std::vector<std::shared_ptr<ftd::future_state<int>>> states;
    pid_t zygote = -1;
    std::vector<pid_t> workers;
    {
        engine e(2, {}, flavour::executor);
        zygote = e.zygote_pid();
        workers = e.worker_pids();
        for (int i = 0; i < 50; ++i)
            states.push_back(e.submit<ftd::plain_call>(&sleep_ms, 1));
    }
    for (auto& s : states)
        BOOST_TEST(s->value() == 1);
    BOOST_TEST(!process_exists(zygote));
    for (const pid_t w : workers)
        BOOST_TEST(freethreading_test::eventually([&] { return !process_exists(w); }));
}

// A pool made on the main thread forks its first workers itself; made on
// another thread, its zygote forks them (doc/design-notes.md, "A pool's first
// workers"). Either way tasks run, and a replacement comes from the zygote.
BOOST_AUTO_TEST_CASE(the_first_workers_are_forked_here_on_the_main_thread_and_by_the_zygote_elsewhere)
{
    struct seen
    {
        pid_t zygote = -1;
        std::vector<pid_t> parents, replacement_parents;
        std::vector<int> results;
        bool joined = false;
    };
    const auto run = [](seen& out) {
        engine e(2, {.max_tasks_per_child = 1}, flavour::pool);
        out.zygote = e.zygote_pid();
        const std::vector<pid_t> first_workers = e.worker_pids();
        for (const pid_t w : first_workers)
            out.parents.push_back(parent_of(w));
        out.results.push_back(e.submit<ftd::plain_call>(&square, 3)->value());
        // The worker that ran it leaves (max_tasks_per_child); its
        // replacement, idle until the next task, comes from the zygote.
        std::vector<pid_t> replacements;
        (void)freethreading_test::eventually([&] {
            replacements.clear();
            for (const pid_t w : e.worker_pids())
                if (std::find(first_workers.begin(), first_workers.end(), w) == first_workers.end())
                    replacements.push_back(w);
            return !replacements.empty();
        });
        for (const pid_t w : replacements)
            out.replacement_parents.push_back(parent_of(w));
        out.results.push_back(e.submit<ftd::plain_call>(&square, 4)->value());
        out.results.push_back(e.submit<ftd::plain_call>(&square, 5)->value());
        out.joined = close_and_join(e);
    };
    seen here;
    run(here);
    BOOST_TEST(here.parents == std::vector<pid_t>(2, ::getpid()), boost::test_tools::per_element());
    seen elsewhere;
    std::thread([&] { run(elsewhere); }).join();
    BOOST_TEST(elsewhere.parents == std::vector<pid_t>(2, elsewhere.zygote), boost::test_tools::per_element());
    for (const seen* s : {&here, &elsewhere}) {
        BOOST_TEST(s->results == (std::vector<int>{9, 16, 25}), boost::test_tools::per_element());
        BOOST_TEST(!s->replacement_parents.empty());
        for (const pid_t p : s->replacement_parents)
            BOOST_TEST(p == s->zygote);
        BOOST_TEST(s->joined);
    }
}

BOOST_AUTO_TEST_CASE(zero_workers_means_the_usable_cpus)
{
    engine e(0, {}, flavour::pool);
    BOOST_TEST(e.size() == ftd::usable_cpu_count());
    BOOST_TEST(close_and_join(e));
}
