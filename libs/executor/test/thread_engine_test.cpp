//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The threading backend's engine (detail::thread_engine) through the task
// states it returns, below the public pool and executor classes: the queue,
// exceptions, stop tokens, cancel, nested waits, worker replacement, the
// initializer, task_timeout, terminate and the misuse errors.

#include <freethreading/executor/detail/thread_engine.hpp>

#include <freethreading/worker/functions.hpp>

#include <freethreading/core/errors.hpp>

#include <freethreading_test/process_state.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace ftd = freethreading::detail;
using namespace std::chrono_literals;
using engine = ftd::thread_engine<ftd::in_process>;
using freethreading::threading::stop_token;
using freethreading_test::eventually;
using freethreading_test::steady_clock;

struct user_error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

void finish(engine& e)
{
    e.close();
    BOOST_TEST(e.join_until(ftd::deadline_after(30s)));
}

// Blocks a worker until released (or 10 s at most, so a failure cannot hang).
struct gate
{
    std::atomic<bool> open{false};
    std::atomic<int> entered{0};

    void pass()
    {
        entered.fetch_add(1);
        const auto end = steady_clock::now() + 10s;
        while (!open.load() && steady_clock::now() < end)
            std::this_thread::sleep_for(1ms);
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(runs_tasks_and_returns_their_values)
{
    engine e(2, {}, ftd::pool_flavour::pool);
    BOOST_TEST(e.size() == 2u);
    std::vector<std::shared_ptr<ftd::future_state<long>>> states;
    for (long i = 0; i < 10000; ++i)
        states.push_back(e.submit<ftd::plain_call>([](long x, long y) { return x * y; }, i, 3L));
    long sum = 0;
    for (auto& s : states)
        sum += s->value();
    BOOST_TEST(sum == 3L * 9999L * 10000L / 2L);
    auto v = e.submit<ftd::plain_call>([] {});
    v->value();
    BOOST_TEST(v->done());
    finish(e);
}

BOOST_AUTO_TEST_CASE(zero_workers_means_the_usable_cpus)
{
    engine e(0, {}, ftd::pool_flavour::pool);
    BOOST_TEST(e.size() == ftd::usable_cpu_count());
    finish(e);
}

BOOST_AUTO_TEST_CASE(chunks_are_called_element_by_element)
{
    engine e(2, {}, ftd::pool_flavour::pool);
    auto s = e.submit<ftd::chunk_call<false>>([](int x) { return x + 1; }, std::vector<int>{1, 2, 3});
    BOOST_TEST((s->value() == std::vector<int>{2, 3, 4}));
    auto t = e.submit<ftd::chunk_call<true>>([](int x, int y) { return x * y; },
                                             std::vector<std::tuple<int, int>>{{2, 3}, {4, 5}});
    BOOST_TEST((t->value() == std::vector<int>{6, 20}));
    finish(e);
}

BOOST_AUTO_TEST_CASE(exceptions_travel_as_design_4_2_says)
{
    engine e(1, {}, ftd::pool_flavour::executor);
    auto boom = e.submit<ftd::plain_call>([]() -> int { throw std::runtime_error("boom"); });
    try {
        (void)boom->value();
        BOOST_FAIL("no exception");
    } catch (const std::runtime_error& x) {
        BOOST_TEST((typeid(x) == typeid(std::runtime_error)));
        BOOST_TEST(std::string(x.what()) == "boom");
    }
    auto user = e.submit<ftd::plain_call>([] { throw user_error("mine"); });
    try {
        user->value();
        BOOST_FAIL("no exception");
    } catch (const freethreading::remote_error& x) {
        BOOST_TEST(x.type_name().find("user_error") != std::string::npos);
        BOOST_TEST(std::string(x.what()) == "mine");
        BOOST_CHECK_THROW(std::rethrow_if_nested(x), user_error);
    }
    finish(e);
}

BOOST_AUTO_TEST_CASE(request_stop_ends_a_running_stop_token_task)
{
    engine e(1, {}, ftd::pool_flavour::executor);
    auto s = e.submit<ftd::plain_call>([](stop_token t, int x) { return t.wait_for(20s) ? x : -1; }, 7);
    BOOST_TEST(eventually([&] { return s->running(); }));
    const auto t0 = steady_clock::now();
    BOOST_TEST(s->request_stop());
    BOOST_TEST(s->value() == 7);
    BOOST_TEST(freethreading_test::since(t0) < 5s);
    auto plain = e.submit<ftd::plain_call>([] { return 1; });
    plain->wait();
    BOOST_TEST(!plain->request_stop()); // done, and it takes no token
    finish(e);
}

BOOST_AUTO_TEST_CASE(a_pending_task_can_be_cancelled_a_running_one_cannot)
{
    engine e(1, {}, ftd::pool_flavour::executor);
    gate g;
    auto blocker = e.submit<ftd::plain_call>([&g] { g.pass(); });
    BOOST_TEST(eventually([&] { return g.entered.load() == 1; }));
    std::atomic<bool> ran{false};
    auto pending = e.submit<ftd::plain_call>([&ran] { ran = true; });
    BOOST_TEST(!blocker->cancel());
    BOOST_TEST(pending->cancel());
    BOOST_TEST(pending->cancelled());
    BOOST_CHECK_THROW(pending->value(), freethreading::cancelled_error);
    g.open = true;
    blocker->value();
    finish(e);
    BOOST_TEST(!ran.load());
}

BOOST_AUTO_TEST_CASE(a_worker_waiting_on_its_own_engine_runs_queued_tasks)
{
    engine e(1, {}, ftd::pool_flavour::pool);
    auto outer = e.submit<ftd::plain_call>([&e] {
        auto inner = e.submit<ftd::plain_call>([](int x) { return x * 2; }, 21);
        return inner->value(); // one worker: it must run `inner` itself
    });
    BOOST_TEST(outer->wait_until(ftd::deadline_after(20s)));
    BOOST_TEST(outer->value() == 42);
    finish(e);
}

BOOST_AUTO_TEST_CASE(max_tasks_per_child_replaces_the_worker_thread)
{
    engine e(1, freethreading::pool_options{.max_tasks_per_child = 2}, ftd::pool_flavour::executor);
    std::vector<freethreading::ident_type> idents;
    std::set<std::string> names;
    for (int i = 0; i < 6; ++i) {
        auto s = e.submit<ftd::plain_call>([] { return freethreading::current_worker(); });
        idents.push_back(s->value().ident);
        names.insert(s->value().name);
    }
    finish(e);
    BOOST_TEST(idents[0] == idents[1]);
    BOOST_TEST(idents[1] != idents[2]);
    BOOST_TEST(idents[2] == idents[3]);
    BOOST_TEST(idents[3] != idents[4]);
    BOOST_TEST(names.size() == 3u); // ThreadPoolExecutor-P_0, _1, _2
}

BOOST_AUTO_TEST_CASE(the_initializer_runs_in_every_worker_and_replacement)
{
    std::atomic<int> runs{0};
    const auto count = [](std::atomic<int>* r, int add) { r->fetch_add(add); };
    {
        engine e(2, {}, ftd::pool_flavour::pool, count, &runs, 1);
        BOOST_TEST(runs.load() == 2); // the constructor waited for the first round
        finish(e);
    }
    runs = 0;
    engine e(1, freethreading::pool_options{.max_tasks_per_child = 1}, ftd::pool_flavour::pool, count, &runs, 1);
    for (int i = 0; i < 3; ++i)
        e.submit<ftd::plain_call>([] {})->wait();
    finish(e);
    BOOST_TEST(runs.load() >= 3); // tasks 2 and 3 ran in replacements, initialized first
}

BOOST_AUTO_TEST_CASE(an_initializer_that_throws_breaks_the_pool)
{
    try {
        engine e(2, {}, ftd::pool_flavour::executor, [] { throw std::runtime_error("no database"); });
        BOOST_FAIL("the constructor returned");
    } catch (const freethreading::broken_pool_error& x) {
        BOOST_TEST(std::string(x.what()).find("no database") != std::string::npos);
    }
    // Broken later, in a replacement: pending and later tasks fail.
    std::atomic<int> calls{0};
    engine e(1, freethreading::pool_options{.max_tasks_per_child = 1}, ftd::pool_flavour::executor,
             [](std::atomic<int>* c) {
                 if (c->fetch_add(1) == 1)
                     throw std::runtime_error("second init");
             },
             &calls);
    BOOST_TEST(e.submit<ftd::plain_call>([] { return 5; })->value() == 5);
    auto later = e.submit<ftd::plain_call>([] { return 6; });
    BOOST_CHECK_THROW((void)later->value(), freethreading::broken_pool_error);
    auto last = e.submit<ftd::plain_call>([] { return 7; });
    try {
        (void)last->value();
        BOOST_FAIL("no exception");
    } catch (const freethreading::broken_pool_error& x) {
        BOOST_TEST(std::string(x.what()).find("second init") != std::string::npos);
    }
    finish(e);
}

BOOST_AUTO_TEST_CASE(task_timeout_fails_the_late_task_and_requests_its_stop)
{
    engine e(2, freethreading::pool_options{.task_timeout = 100ms}, ftd::pool_flavour::executor);
    std::atomic<bool> stopped{false};
    const auto t0 = steady_clock::now();
    auto slow = e.submit<ftd::plain_call>(
        [&stopped](stop_token t) {
            stopped = t.wait_for(20s);
            return 1;
        });
    auto quick = e.submit<ftd::plain_call>([] { return 2; });
    BOOST_TEST(quick->value() == 2);
    try {
        (void)slow->value();
        BOOST_FAIL("no timeout");
    } catch (const freethreading::timeout_error& x) {
        const std::string what = x.what();
        BOOST_TEST(what.find("ThreadPoolExecutor-") != std::string::npos);
        BOOST_TEST(what.find("100ms") != std::string::npos);
    }
    const auto waited = freethreading_test::since(t0);
    BOOST_TEST(waited >= 100ms);
    BOOST_TEST(waited < 100ms + freethreading_test::timing_slack * 4);
    BOOST_TEST(eventually([&] { return stopped.load(); }));
    BOOST_TEST(e.submit<ftd::plain_call>([] { return 3; })->value() == 3); // the pool goes on
    finish(e);
}

BOOST_AUTO_TEST_CASE(terminate_drops_queued_tasks_and_stops_running_ones)
{
    engine e(1, {}, ftd::pool_flavour::pool);
    auto running = e.submit<ftd::plain_call>([](stop_token t) { return t.wait_for(20s); });
    BOOST_TEST(eventually([&] { return running->running(); }));
    auto queued = e.submit<ftd::plain_call>([] { return 1; });
    e.terminate();
    BOOST_TEST(queued->cancelled());
    BOOST_TEST(running->value() == true); // its stop token was requested
    BOOST_TEST(e.join_until(ftd::deadline_after(20s)));
    BOOST_TEST(freethreading_test::throws_logic_error([&] { e.submit<ftd::plain_call>([] {}); }));
}

BOOST_AUTO_TEST_CASE(misuse_is_a_logic_error_and_bad_options_invalid)
{
    engine e(1, {}, ftd::pool_flavour::pool);
    BOOST_TEST(freethreading_test::throws_logic_error([&] { (void)e.join_until(ftd::deadline_after(1ms)); }));
    e.close();
    BOOST_TEST(freethreading_test::throws_logic_error([&] { e.submit<ftd::plain_call>([] {}); }));
    BOOST_TEST(e.join_until(ftd::deadline_after(20s)));
    BOOST_CHECK_THROW(engine(1, freethreading::pool_options{.task_timeout = -1ms}, ftd::pool_flavour::pool),
                      std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(join_until_times_out_while_a_task_runs)
{
    engine e(1, {}, ftd::pool_flavour::pool);
    gate g;
    auto s = e.submit<ftd::plain_call>([&g] { g.pass(); });
    BOOST_TEST(eventually([&] { return g.entered.load() == 1; }));
    e.close();
    BOOST_TEST(!e.join_until(ftd::deadline_after(20ms)));
    g.open = true;
    BOOST_TEST(e.join_until(ftd::deadline_after(20s)));
    BOOST_TEST(s->done());
}

BOOST_AUTO_TEST_CASE(the_facade_domain_gives_tasks_facade_stop_tokens)
{
    // What the facade's threading side uses: tokens of the backend's kind.
    ftd::thread_engine<ftd::runtime> e(1, {}, ftd::pool_flavour::executor);
    auto s = e.submit<ftd::plain_call>([](freethreading::stop_token t, int x) { return t.wait_for(20s) ? x : -1; },
                                       5);
    BOOST_TEST(eventually([&] { return s->running(); }));
    BOOST_TEST(s->request_stop());
    BOOST_TEST(s->value() == 5);
    e.close();
    BOOST_TEST(e.join_until(ftd::deadline_after(20s)));
}
