//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The process engine's options (DESIGN §4.1 pool_options, initializer):
// max_tasks_per_child recycles workers (new pids); task_timeout kills the
// worker of a task still running at its deadline and fails only that
// future, with timeout_error naming the worker; the initializer runs in
// every worker, replacements included, before its first task, and one that
// throws breaks the pool: the constructor rethrows it, or, if it happens
// later, pending and later tasks fail with broken_pool_error carrying its
// message.

#include "process_test_support.hpp"

#include <freethreading/core/errors.hpp>

#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <csignal>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace process_test;
namespace ft = freethreading;

// Set by the initializer in each worker.
std::string greeting = "unset";
int initialized = 0;

void init_greeting(std::string text, int times)
{
    greeting = text;
    initialized += times;
}

std::string read_greeting()
{
    return greeting + "/" + std::to_string(initialized);
}

void init_throws()
{
    throw std::runtime_error("no database");
}

// A page every process sees: the test arms a later initializer failure.
std::atomic<int>* const fail_next_init = [] {
    void* p = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        std::abort();
    return ::new (p) std::atomic<int>(0);
}();

void init_fails_when_armed()
{
    if (fail_next_init->load() != 0)
        throw std::invalid_argument("armed to fail");
}

} // namespace

BOOST_AUTO_TEST_CASE(max_tasks_per_child_recycles_workers)
{
    engine e(1, ft::pool_options{.max_tasks_per_child = 2}, flavour::pool);
    std::vector<std::shared_ptr<ftd::future_state<int>>> states;
    for (int i = 0; i < 10; ++i)
        states.push_back(e.submit<ftd::plain_call>(&my_pid));
    std::map<int, int> runs;
    for (auto& s : states)
        ++runs[s->value()];
    BOOST_TEST(runs.size() == 5u); // a new pid every two tasks
    for (const auto& [pid, n] : runs)
        BOOST_TEST(n == 2);
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(max_tasks_per_child_after_close_still_finishes_the_queue)
{
    engine e(2, ft::pool_options{.max_tasks_per_child = 1}, flavour::executor);
    std::vector<std::shared_ptr<ftd::future_state<int>>> states;
    for (int i = 0; i < 12; ++i)
        states.push_back(e.submit<ftd::plain_call>(&my_pid));
    e.close();
    BOOST_TEST(e.join_until(std::chrono::steady_clock::now() + 60s));
    std::set<int> pids;
    for (auto& s : states)
        pids.insert(s->value());
    BOOST_TEST(pids.size() == 12u);
}

BOOST_AUTO_TEST_CASE(task_timeout_kills_the_worker_and_fails_only_that_future)
{
    warm_up();
    const std::size_t before = segment_free();
    {
        engine e(2, ft::pool_options{.task_timeout = 300ms}, flavour::executor);
        auto quick = e.submit<ftd::plain_call>(&sleep_ms, 10);
        const auto start = std::chrono::steady_clock::now();
        auto slow = e.submit<ftd::plain_call>(&sleep_ms, 20000);
        BOOST_TEST(done_within(slow, 10s));
        BOOST_TEST(freethreading_test::since(start) >= 250ms);
        BOOST_TEST(freethreading_test::since(start) < 300ms + freethreading_test::timing_slack * 4);
        const std::string text = error_text(slow);
        BOOST_TEST_MESSAGE(text);
        BOOST_TEST(fails_with<ft::timeout_error>(slow, "ForkProcess-"));
        BOOST_TEST(text.find("300 ms") != std::string::npos, text);
        BOOST_TEST(quick->value() == 10);
        // Later tasks, shorter than the timeout, run on the replaced worker.
        std::vector<std::shared_ptr<ftd::future_state<int>>> later;
        for (int i = 0; i < 10; ++i)
            later.push_back(e.submit<ftd::plain_call>(&sleep_ms, 20));
        for (auto& s : later)
            BOOST_TEST(s->value() == 20);
        BOOST_TEST(freethreading_test::eventually([&] { return e.worker_pids().size() == 2; }));
        BOOST_TEST(close_and_join(e));
    }
    BOOST_TEST(segment_free() == before);
}

BOOST_AUTO_TEST_CASE(the_initializer_runs_in_every_worker_before_its_first_task)
{
    engine e(2, ft::pool_options{.max_tasks_per_child = 1}, flavour::pool, &init_greeting, std::string("hi"), 3);
    std::vector<std::shared_ptr<ftd::future_state<std::string>>> states;
    for (int i = 0; i < 6; ++i) // replacements run it too
        states.push_back(e.submit<ftd::plain_call>(&read_greeting));
    for (auto& s : states)
        BOOST_TEST(s->value() == "hi/3");
    BOOST_TEST(read_greeting() == "unset/0"); // not in this process
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(a_capture_less_lambda_initializer)
{
    engine e(1, {}, flavour::executor, [](int v) { initialized = v; }, 42);
    BOOST_TEST(e.submit<ftd::plain_call>([] { return initialized; })->value() == 42);
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(an_initializer_that_throws_makes_the_constructor_throw)
{
    warm_up();
    const std::size_t before = segment_free();
    const auto start = std::chrono::steady_clock::now();
    try {
        engine e(2, {}, flavour::pool, &init_throws);
        BOOST_TEST(false, "the constructor returned");
    } catch (const ft::broken_pool_error& e) {
        BOOST_TEST_MESSAGE(e.what());
        BOOST_TEST(std::string(e.what()).find("no database") != std::string::npos, e.what());
    }
    BOOST_TEST(freethreading_test::since(start) < 10s);
    BOOST_TEST(segment_free() == before);
}

BOOST_AUTO_TEST_CASE(an_initializer_failing_in_a_replacement_breaks_the_pool)
{
    fail_next_init->store(0);
    engine e(1, {}, flavour::pool, &init_fails_when_armed);
    BOOST_TEST(e.submit<ftd::plain_call>(&sleep_ms, 1)->value() == 1);
    fail_next_init->store(1);
    // The worker dies; its replacement's initializer throws.
    const std::vector<pid_t> pids = e.worker_pids();
    BOOST_TEST_REQUIRE(pids.size() == 1u);
    std::vector<std::shared_ptr<ftd::future_state<int>>> pending;
    auto running = e.submit<ftd::plain_call>(&sleep_ms, 20000);
    BOOST_TEST(freethreading_test::eventually([&] { return running->running(); }));
    for (int i = 0; i < 5; ++i)
        pending.push_back(e.submit<ftd::plain_call>(&sleep_ms, 1));
    ::kill(pids[0], SIGKILL);
    BOOST_TEST(done_within(running, 5s));
    BOOST_TEST(fails_with<ft::broken_pool_error>(running, "SIGKILL"));
    for (auto& s : pending) {
        BOOST_TEST(done_within(s, 5s));
        BOOST_TEST(fails_with<ft::broken_pool_error>(s, "armed to fail"));
    }
    auto later = e.submit<ftd::plain_call>(&sleep_ms, 1);
    BOOST_TEST(fails_with<ft::broken_pool_error>(later, "armed to fail"));
    fail_next_init->store(0);
    BOOST_TEST(close_and_join(e));
}
