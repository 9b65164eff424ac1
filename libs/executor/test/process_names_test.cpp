//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What a pool's worker processes are called and how they are seen (DESIGN
// §4.1): executor workers are "ForkProcess-N", pool workers
// "ForkPoolWorker-N", N from the per-process counter that "Process-N"
// shares; inside a worker current_worker() reports that name, its pid and
// daemon; the OS sees the name; in the parent active_children() lists the
// live workers until they end. Pool processes ignore SIGINT. And
// request_stop() reaches a running task in its worker process.

#include "process_test_support.hpp"

#include <freethreading/worker/functions.hpp>
#include <freethreading/worker/worker.hpp>

#include <freethreading/sync/stop_token.hpp>

#include <freethreading/core/backend.hpp>

#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace process_test;
namespace ft = freethreading;

struct seen_as
{
    std::string name;
    long long ident = 0;
    bool daemon = false;
    bool alive = false;
    int pid = 0;
    std::string os_name;
};

} // namespace

// The codec encodes an aggregate field by field.
namespace {

seen_as who_am_i()
{
    const ft::worker_info me = ft::current_worker();
    std::ifstream comm("/proc/self/comm");
    std::string os_name;
    std::getline(comm, os_name);
    return {me.name, static_cast<long long>(me.ident), me.daemon, me.alive, static_cast<int>(::getpid()), os_name};
}

std::string hello()
{
    return "Hello from " + ft::current_worker().name + "!";
}

int survives_sigint()
{
    ::raise(SIGINT);
    return 7;
}

int count_until_stopped(ft::multiprocessing::stop_token token)
{
    int n = 0;
    while (!token.stop_requested()) {
        ++n;
        std::this_thread::sleep_for(1ms);
    }
    return n > 0 ? -1 : -2;
}

int wait_for_stop(ft::stop_token token, int limit_ms)
{
    return token.wait_for(std::chrono::milliseconds(limit_ms)) ? 1 : 0;
}

int no_token(int x)
{
    return x + 1;
}

int last_number(const std::string& name)
{
    return std::stoi(name.substr(name.rfind('-') + 1));
}

} // namespace

BOOST_AUTO_TEST_CASE(executor_workers_are_fork_processes_numbered_after_process_workers)
{
    ft::multiprocessing::worker w([] {});
    w.start();
    w.join();
    const int n = last_number(w.name()); // Process-N
    engine e(1, {}, flavour::executor);
    const seen_as me = e.submit<ftd::plain_call>(&who_am_i)->value();
    BOOST_TEST(me.name == "ForkProcess-" + std::to_string(n + 1));
    BOOST_TEST(me.ident == me.pid);
    BOOST_TEST(me.daemon);
    BOOST_TEST(me.alive);
    BOOST_TEST(me.os_name == me.name.substr(0, 15));
    BOOST_TEST(e.submit<ftd::plain_call>(&hello)->value() == "Hello from " + me.name + "!");
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(pool_workers_are_fork_pool_workers)
{
    engine e(2, ft::pool_options{.max_tasks_per_child = 1}, flavour::pool);
    const seen_as a = e.submit<ftd::plain_call>(&who_am_i)->value();
    const seen_as b = e.submit<ftd::plain_call>(&who_am_i)->value();
    const seen_as c = e.submit<ftd::plain_call>(&who_am_i)->value();
    for (const seen_as* s : {&a, &b, &c}) {
        BOOST_TEST(s->name.rfind("ForkPoolWorker-", 0) == 0, s->name);
        BOOST_TEST(s->os_name == s->name.substr(0, 15));
    }
    // One task per process: three processes, three numbers (replacements
    // take the next ones).
    const std::set<int> numbers{last_number(a.name), last_number(b.name), last_number(c.name)};
    const std::set<int> pids{a.pid, b.pid, c.pid};
    BOOST_TEST(numbers.size() == 3u);
    BOOST_TEST(pids.size() == 3u);
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(active_children_lists_the_live_workers)
{
    const std::size_t before = ft::active_children().size();
    std::vector<pid_t> pids;
    {
        engine e(2, {}, flavour::executor);
        pids = e.worker_pids();
        const std::vector<ft::worker_info> children = ft::active_children();
        BOOST_TEST(children.size() == before + 2);
        for (const pid_t pid : pids) {
            const auto it = std::find_if(children.begin(), children.end(),
                                         [&](const ft::worker_info& i) { return i.ident == pid; });
            BOOST_TEST_REQUIRE((it != children.end()));
            BOOST_TEST(it->name.rfind("ForkProcess-", 0) == 0, it->name);
            BOOST_TEST(it->alive);
            BOOST_TEST(it->daemon);
        }
        BOOST_TEST(close_and_join(e));
    }
    BOOST_TEST(ft::active_children().size() == before);
}

BOOST_AUTO_TEST_CASE(pool_processes_ignore_sigint)
{
    engine e(1, {}, flavour::pool);
    BOOST_TEST(e.submit<ftd::plain_call>(&survives_sigint)->value() == 7);
    BOOST_TEST(e.submit<ftd::plain_call>(&no_token, 1)->value() == 2);
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(request_stop_reaches_a_task_in_its_worker_process)
{
    warm_up();
    const std::size_t before = segment_free();
    {
        engine e(2, {}, flavour::executor);
        auto counting = e.submit<ftd::plain_call>(&count_until_stopped);
        auto plain = e.submit<ftd::plain_call>(&no_token, 1);
        BOOST_TEST((!plain->request_stop() || plain->done())); // takes no token
        BOOST_TEST(freethreading_test::eventually([&] { return counting->running(); }));
        std::this_thread::sleep_for(20ms);
        BOOST_TEST(counting->request_stop());
        BOOST_TEST(done_within(counting, 5s));
        BOOST_TEST(counting->value() == -1);
        BOOST_TEST(plain->value() == 2);
        // A stop requested before the task runs is seen at once.
        auto first = e.submit<ftd::plain_call>(&count_until_stopped);
        (void)first->request_stop();
        BOOST_TEST(done_within(first, 5s));
        BOOST_TEST(first->value() < 0);
        BOOST_TEST(close_and_join(e));
    }
    BOOST_TEST(segment_free() == before);
}

BOOST_AUTO_TEST_CASE(the_facade_engine_gives_facade_tokens)
{
    ftd::process_engine<ftd::runtime> e(1, {}, flavour::executor);
    static_assert(std::is_same_v<decltype(e)::stop_token_type, ft::stop_token>);
    auto waiting = e.submit<ftd::plain_call>(&wait_for_stop, 20000);
    BOOST_TEST(freethreading_test::eventually([&] { return waiting->running(); }));
    BOOST_TEST(waiting->request_stop());
    BOOST_TEST(done_within(waiting, 5s));
    BOOST_TEST(waiting->value() == 1);
    auto timed = e.submit<ftd::plain_call>(&wait_for_stop, 1);
    BOOST_TEST(timed->value() == 0);
    BOOST_TEST(close_and_join(e));
}

BOOST_AUTO_TEST_CASE(chunked_tasks_take_one_token_for_the_chunk)
{
    engine e(1, {}, flavour::pool);
    auto chunk = e.submit<ftd::chunk_call<false>>(
        [](ft::multiprocessing::stop_token t, int x) { return t.stop_possible() ? x : -x; }, std::vector<int>{1, 2});
    BOOST_TEST(chunk->value() == (std::vector<int>{1, 2}));
    BOOST_TEST(close_and_join(e));
}
