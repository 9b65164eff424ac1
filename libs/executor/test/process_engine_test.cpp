//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The process engine's data path (DESIGN §6 "Pools"): tasks of function
// pointers and capture-less lambdas with int, string and vector arguments
// and results, through plain and chunk calls; exceptions rebuilt by type;
// arguments and results larger than a slot; and nothing left behind in the
// segment. Closing, joining, cancelling and ending: process_engine_lifecycle_test.cpp.

#include "process_test_support.hpp"

#include <freethreading/sync/event.hpp>

#include <freethreading/core/errors.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

namespace {

using namespace process_test;
namespace ft = freethreading;

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

// map hands its chunks over in batches (submit_each): more than the pool
// has slots, so some wait in the parent's queue; all run, in order, and a
// batch after close() is refused whole.
BOOST_AUTO_TEST_CASE(a_batch_of_chunks_runs_in_order_and_none_after_close)
{
    engine e(2, {}, flavour::pool);
    std::vector<std::vector<int>> batch(300);
    for (std::size_t i = 0; i < batch.size(); ++i)
        batch[i] = {static_cast<int>(i), static_cast<int>(i) + 1};
    std::vector<std::shared_ptr<ftd::future_state<std::vector<int>>>> states;
    e.submit_each<ftd::chunk_call<false>>(square, std::span(batch), states);
    BOOST_TEST_REQUIRE(states.size() == 300u);
    for (std::size_t i = 0; i < states.size(); ++i) {
        const int x = static_cast<int>(i);
        BOOST_TEST(states[i]->value() == (std::vector<int>{x * x, (x + 1) * (x + 1)}));
    }
    e.close();
    std::vector<std::vector<int>> late{{1}, {2}};
    BOOST_CHECK_THROW(e.submit_each<ftd::chunk_call<false>>(square, std::span(late), states), std::logic_error);
    BOOST_TEST(states.size() == 300u);
    BOOST_TEST(close_and_join(e));
}

// A worker tells the completion thread that it started a task by its
// record alone, with the ring tag it claimed the slot by: one worker takes
// a slot that its previous task used (slots are taken last freed first),
// and that task too must report running(), whether the completion thread
// was awake or asleep when it started.
BOOST_AUTO_TEST_CASE(a_slot_used_again_by_the_same_worker_reports_running_again)
{
    engine e(1, {}, flavour::executor);
    for (int round = 0; round < 20; ++round) {
        BOOST_TEST(e.submit<ftd::plain_call>(&square, round)->value() == round * round);
        if (round % 2 == 0)
            std::this_thread::sleep_for(2ms);
        ft::multiprocessing::event go;
        auto waiting = e.submit<ftd::plain_call>(&wait_for_event, go, round);
        BOOST_TEST(freethreading_test::eventually([&] { return waiting->running(); }));
        go.set();
        BOOST_TEST(done_within(waiting, 10s));
        BOOST_TEST(waiting->value() == round);
    }
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
