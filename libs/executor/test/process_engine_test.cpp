//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The process engine's data path (DESIGN §6 "Pools"): tasks of function
// pointers and capture-less lambdas with int, string and vector arguments
// and results, through plain and chunk calls; exceptions rebuilt by type;
// arguments and results larger than a slot; close, join and terminate;
// cancel racing the claim; and nothing left behind in the segment.

#include "process_test_support.hpp"

#include <freethreading/sync/event.hpp>

#include <freethreading/core/errors.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

namespace {

using namespace process_test;
namespace ft = freethreading;

int square(int x)
{
    return x * x;
}

std::string greet(std::string name, int times)
{
    std::string out;
    for (int i = 0; i < times; ++i)
        out += "hello " + name + ";";
    return out;
}

std::vector<int> reversed(std::vector<int> v)
{
    return {v.rbegin(), v.rend()};
}

long long sum(std::vector<int> v)
{
    return std::accumulate(v.begin(), v.end(), 0LL);
}

std::string big_text(std::size_t bytes)
{
    std::string s(bytes, 'x');
    for (std::size_t i = 0; i < bytes; i += 4093)
        s[i] = static_cast<char>('a' + i % 26);
    return s;
}

int my_pid()
{
    return static_cast<int>(::getpid());
}

void nothing() {}

int boom()
{
    throw std::runtime_error("boom");
}

struct user_error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

int user_boom()
{
    throw user_error("mine");
}

int sleep_ms(int ms)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return ms;
}

int wait_for_event(ft::multiprocessing::event e, int v)
{
    (void)e.wait_for(30s);
    return v;
}

int set_event(ft::multiprocessing::event e)
{
    e.set();
    return static_cast<int>(::getpid());
}

int signal_then_wait(ft::multiprocessing::event started, ft::multiprocessing::event go)
{
    started.set();
    (void)go.wait_for(30s);
    return 2;
}

} // namespace

BOOST_AUTO_TEST_CASE(function_pointers_with_int_arguments_on_two_workers)
{
    engine e(2, {}, flavour::executor);
    BOOST_TEST(e.size() == 2u);
    std::vector<std::shared_ptr<ftd::future_state<int>>> states;
    for (int i = 0; i < 200; ++i)
        states.push_back(e.submit<ftd::plain_call>(&square, i));
    for (int i = 0; i < 200; ++i)
        BOOST_TEST(states[static_cast<std::size_t>(i)]->value() == i * i);
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(tasks_run_in_other_processes)
{
    engine e(2, {}, flavour::pool);
    auto pid = e.submit<ftd::plain_call>(&my_pid);
    BOOST_TEST(pid->value() != static_cast<int>(::getpid()));
    const std::vector<pid_t> workers = e.worker_pids();
    BOOST_TEST(workers.size() == 2u);
    BOOST_TEST((pid->value() == workers[0] || pid->value() == workers[1]));
    BOOST_TEST(close_and_join(e));
}

// The parent holds back the wake-up of a sleeping worker while another
// worker is busy (process_engine_core.cpp, ring_bell_locked), and the
// completion thread must then wake the sleeper soon: here the busy worker's
// task waits for the queued one, so only the sleeper can run it. The setter
// is submitted right after a result came back, while the completion thread
// is still awake (then the wake-up is held back), or after a pause, when it
// sleeps (then it is not).
BOOST_AUTO_TEST_CASE(a_task_queued_behind_a_busy_worker_wakes_a_sleeping_one)
{
    engine e(2, {}, flavour::executor);
    for (int round = 0; round < 40; ++round) {
        ft::multiprocessing::event go;
        auto waiting = e.submit<ftd::plain_call>(&wait_for_event, go, round);
        BOOST_TEST(freethreading_test::eventually([&] { return waiting->running(); }));
        if (round % 4 == 0)
            std::this_thread::sleep_for(2ms);
        else
            BOOST_TEST(e.submit<ftd::plain_call>(&square, round)->value() == round * round);
        auto setter = e.submit<ftd::plain_call>(&set_event, go);
        BOOST_TEST(done_within(waiting, 10s));
        BOOST_TEST(waiting->value() == round);
        BOOST_TEST(setter->value() != static_cast<int>(::getpid()));
    }
    BOOST_TEST(close_and_join(e));
}

// Nothing is held back while the completion thread runs a callback, which
// may take any time: here a callback blocks it while one worker's task waits
// for a task submitted meanwhile, which the other, sleeping worker must run.
BOOST_AUTO_TEST_CASE(a_task_submitted_while_a_callback_runs_is_not_held_back)
{
    engine e(2, {}, flavour::executor);
    ft::multiprocessing::event first_go;
    ft::multiprocessing::event started;
    ft::multiprocessing::event go;
    ft::threading::event in_callback;
    ft::threading::event release_callback;
    auto first = e.submit<ftd::plain_call>(&wait_for_event, first_go, 1);
    first->add_done_callback([&](ftd::future_state_base&) {
        in_callback.set();
        (void)release_callback.wait_for(30s);
    });
    first_go.set();
    BOOST_TEST(in_callback.wait_for(10s)); // the completion thread is in the callback
    auto waiting = e.submit<ftd::plain_call>(&signal_then_wait, started, go);
    BOOST_TEST(started.wait_for(10s));
    std::this_thread::sleep_for(2ms); // the other worker sleeps by now
    auto setter = e.submit<ftd::plain_call>(&set_event, go);
    BOOST_TEST(go.wait_for(10s));
    release_callback.set();
    BOOST_TEST(first->value() == 1);
    BOOST_TEST(waiting->value() == 2);
    BOOST_TEST(setter->value() != static_cast<int>(::getpid()));
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(strings_vectors_and_capture_less_lambdas)
{
    engine e(2, {}, flavour::executor);
    auto text = e.submit<ftd::plain_call>(&greet, std::string("ann"), 2);
    auto rev = e.submit<ftd::plain_call>(&reversed, std::vector<int>{1, 2, 3});
    auto lambda = e.submit<ftd::plain_call>([](std::string a, std::string b) { return a + "+" + b; },
                                            std::string("x"), std::string("y"));
    auto none = e.submit<ftd::plain_call>(&nothing);
    BOOST_TEST(text->value() == "hello ann;hello ann;");
    BOOST_TEST(rev->value() == (std::vector<int>{3, 2, 1}));
    BOOST_TEST(lambda->value() == "x+y");
    none->value();
    BOOST_TEST(none->done());
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(chunk_calls_map_and_starmap)
{
    engine e(2, {}, flavour::pool);
    std::vector<int> chunk(100);
    std::iota(chunk.begin(), chunk.end(), 0);
    auto mapped = e.submit<ftd::chunk_call<false>>(&square, chunk);
    std::vector<std::tuple<int, int>> pairs{{1, 2}, {3, 4}, {5, 6}};
    auto starred = e.submit<ftd::chunk_call<true>>([](int a, int b) { return a * b; }, pairs);
    auto voids = e.submit<ftd::chunk_call<false>>([](int) {}, std::vector<int>{1, 2, 3});
    std::vector<int> expected;
    for (int x : chunk)
        expected.push_back(x * x);
    BOOST_TEST(mapped->value() == expected);
    BOOST_TEST(starred->value() == (std::vector<int>{2, 12, 30}));
    voids->value();
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(exceptions_come_back_by_type)
{
    engine e(1, {}, flavour::executor);
    auto a = e.submit<ftd::plain_call>(&boom);
    auto b = e.submit<ftd::plain_call>(&user_boom);
    BOOST_TEST(done_within(a));
    try {
        (void)a->value();
        BOOST_TEST(false, "boom() returned");
    } catch (const std::runtime_error& x) {
        BOOST_TEST(std::string(x.what()) == "boom");
        BOOST_TEST((typeid(x) == typeid(std::runtime_error)));
    }
    try {
        (void)b->value();
        BOOST_TEST(false, "user_boom() returned");
    } catch (const ft::remote_error& x) {
        BOOST_TEST(std::string(x.what()) == "mine");
        BOOST_TEST(x.type_name().find("user_error") != std::string::npos);
    }
    // The worker that threw goes on.
    BOOST_TEST(e.submit<ftd::plain_call>(&square, 7)->value() == 49);
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(arguments_and_results_larger_than_a_slot)
{
    warm_up();
    const std::size_t before = segment_free();
    {
        engine e(2, {}, flavour::pool);
        std::vector<int> many(1 << 20);
        std::iota(many.begin(), many.end(), 0);
        auto total = e.submit<ftd::plain_call>(&sum, many);
        auto back = e.submit<ftd::plain_call>(&reversed, many);
        auto text = e.submit<ftd::plain_call>(&big_text, std::size_t(5) << 20);
        auto small = e.submit<ftd::plain_call>(&big_text, std::size_t(3000));
        BOOST_TEST(total->value() == (long long)(many.size()) * (long long)(many.size() - 1) / 2);
        BOOST_TEST(back->value() == std::vector<int>(many.rbegin(), many.rend()));
        BOOST_TEST(text->value() == big_text(std::size_t(5) << 20));
        BOOST_TEST(small->value() == big_text(3000));
        BOOST_TEST(close_and_join(e));
    }
    BOOST_TEST(segment_free() == before);
}

BOOST_AUTO_TEST_CASE(many_tasks_and_no_bytes_left_behind)
{
    warm_up();
    const std::size_t before = segment_free();
    {
        engine e(2, {}, flavour::executor);
        std::vector<std::shared_ptr<ftd::future_state<std::string>>> states;
        for (int i = 0; i < 2000; ++i)
            states.push_back(e.submit<ftd::plain_call>(&greet, std::to_string(i), i % 50));
        for (int i = 0; i < 2000; ++i)
            BOOST_TEST_REQUIRE(states[static_cast<std::size_t>(i)]->value() == greet(std::to_string(i), i % 50));
        BOOST_TEST(close_and_join(e));
    }
    BOOST_TEST(segment_free() == before);
}

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
