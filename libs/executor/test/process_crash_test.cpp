//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The process engine's supervisor (DESIGN §6 "Pools", "Crash consistency"):
// a worker that dies — SIGKILLed, segfaulting, aborting, calling
// std::exit(3), killed while it writes a large result — fails exactly the
// future it held, with broken_pool_error naming the worker, how it died and
// the task's callable; every other future completes; the worker is replaced
// within one fork and later tasks succeed; the segment is left as found. A
// killed zygote breaks the pool and the destructor still returns.
//
// Tasks report to the test through a page of shared memory mapped before
// the engine exists (so its workers inherit it), not through library
// handles: a handle held by a killed process is never given back.
//
// A SIGINT sent to the process group leaves the pool to the parent: its
// processes ignore it, and the parent goes on or stops the pool as it decides.

#include "process_test_support.hpp"

#include <freethreading/core/errors.hpp>

#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace process_test;
namespace ft = freethreading;

// What tasks tell the test.
struct board
{
    std::array<std::atomic<int>, 64> pid{};     // the worker a task runs in
    std::array<std::atomic<int>, 64> started{}; // 1 once it runs
};

board* shared_board()
{
    static board* b = [] {
        void* p = ::mmap(nullptr, sizeof(board), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            std::abort();
        return ::new (p) board;
    }();
    return b;
}

// Made before the first engine, so every worker sees the same page.
board* const the_board = shared_board();

void reset_board()
{
    for (auto& x : the_board->pid)
        x.store(0);
    for (auto& x : the_board->started)
        x.store(0);
}

void mark(int id)
{
    the_board->pid[static_cast<std::size_t>(id)].store(static_cast<int>(::getpid()));
    the_board->started[static_cast<std::size_t>(id)].store(1);
}

int stall(int id)
{
    mark(id);
    std::this_thread::sleep_for(30s);
    return id;
}

int segfault(int id)
{
    mark(id);
    ::raise(SIGSEGV);
    return id;
}

int aborts(int id)
{
    mark(id);
    std::abort();
}

int exits(int id)
{
    mark(id);
    std::exit(3);
}

std::string big_result(int id)
{
    std::string s(std::size_t(48) << 20, 'r');
    mark(id); // about to be published, in many parts
    return s;
}

// How soon a death must fail its future (DESIGN: within one second).
// ThreadSanitizer sleeps a second in a process's exit (atexit_sleep_ms), so
// a task calling std::exit ends that much later under it.
#if defined(__SANITIZE_THREAD__)
constexpr auto death_noticed_within = 3s;
#else
constexpr auto death_noticed_within = 1s;
#endif

bool started(int id)
{
    return freethreading_test::eventually([&] { return the_board->started[static_cast<std::size_t>(id)].load() != 0; },
                                          10s);
}

// A task that dies in the worker: its future fails at once with an error
// that says who died, how, and running what; the others are untouched.
template <class Task>
void dies_alone(Task task, const std::string& how, bool kill_it = false)
{
    warm_up();
    reset_board();
    const std::size_t before = segment_free();
    {
        engine e(2, {}, flavour::executor);
        const std::vector<pid_t> first = e.worker_pids();
        std::vector<std::shared_ptr<ftd::future_state<int>>> others;
        for (int i = 0; i < 20; ++i)
            others.push_back(e.submit<ftd::plain_call>(&square, i));
        auto victim = e.submit<ftd::plain_call>(task, 0);
        for (int i = 20; i < 40; ++i)
            others.push_back(e.submit<ftd::plain_call>(&square, i));
        BOOST_TEST_REQUIRE(started(0));
        const int pid = the_board->pid[0].load();
        const auto start = std::chrono::steady_clock::now();
        if (kill_it)
            ::kill(pid, SIGKILL);
        BOOST_TEST(done_within(victim, death_noticed_within));
        BOOST_TEST(freethreading_test::since(start) < death_noticed_within);
        const std::string text = error_text(victim);
        BOOST_TEST_MESSAGE(text);
        BOOST_TEST(fails_with<ft::broken_pool_error>(victim));
        BOOST_TEST(text.find("ForkProcess-") != std::string::npos, text);
        BOOST_TEST(text.find("pid " + std::to_string(pid)) != std::string::npos, text);
        BOOST_TEST(text.find(how) != std::string::npos, text);
        BOOST_TEST(text.find("int (*)(int)") != std::string::npos, text);
        for (int i = 0; i < 40; ++i)
            BOOST_TEST(others[static_cast<std::size_t>(i)]->value() == i * i);
        // The worker count is back, with a new process.
        BOOST_TEST(freethreading_test::eventually([&] {
            const std::vector<pid_t> now = e.worker_pids();
            return now.size() == 2 && std::find(now.begin(), now.end(), pid) == now.end();
        }));
        BOOST_TEST(e.submit<ftd::plain_call>(&square, 9)->value() == 81);
        (void)first;
        BOOST_TEST(close_and_join(e));
    }
    BOOST_TEST(segment_free() == before);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_worker_killed_mid_task_fails_that_future_only)
{
    dies_alone(&stall, "SIGKILL", true);
}

BOOST_AUTO_TEST_CASE(a_task_that_segfaults)
{
    dies_alone(&segfault, "SIGSEGV");
}

BOOST_AUTO_TEST_CASE(a_task_that_aborts)
{
    dies_alone(&aborts, "SIGABRT");
}

BOOST_AUTO_TEST_CASE(a_task_that_calls_exit)
{
    dies_alone(&exits, "exited with status 3");
}

BOOST_AUTO_TEST_CASE(a_worker_killed_while_it_writes_a_large_result)
{
    warm_up();
    const std::size_t before = segment_free();
    {
        engine e(2, {}, flavour::pool);
        for (int round = 0; round < 6; ++round) {
            reset_board();
            auto victim = e.submit<ftd::plain_call>(&big_result, 0);
            auto other = e.submit<ftd::plain_call>(&square, round);
            BOOST_TEST_REQUIRE(started(0));
            // From before the first part to well into the parts.
            std::this_thread::sleep_for(std::chrono::milliseconds(round * round * 8));
            ::kill(the_board->pid[0].load(), SIGKILL);
            BOOST_TEST(done_within(victim, 2s));
            BOOST_TEST(other->value() == round * round);
            // Killed first (broken) or, rarely, published first (a value):
            // never anything else.
            if (fails_with<ft::broken_pool_error>(victim, "SIGKILL"))
                BOOST_TEST_MESSAGE("round " << round << ": killed before the result was out");
            else
                BOOST_TEST(victim->value().size() == std::size_t(48) << 20);
        }
        // Large results still come through, on the replaced workers.
        auto after = e.submit<ftd::plain_call>(&big_result, 1);
        BOOST_TEST(after->value().size() == std::size_t(48) << 20);
        BOOST_TEST(close_and_join(e));
    }
    BOOST_TEST(segment_free() == before);
}

BOOST_AUTO_TEST_CASE(a_killed_zygote_breaks_the_pool_and_the_destructor_returns)
{
    reset_board();
    std::vector<std::shared_ptr<ftd::future_state<int>>> states;
    pid_t zygote = -1;
    std::vector<pid_t> workers;
    const auto start = std::chrono::steady_clock::now();
    {
        engine e(2, {}, flavour::pool);
        zygote = e.zygote_pid();
        workers = e.worker_pids();
        for (int i = 0; i < 2; ++i)
            states.push_back(e.submit<ftd::plain_call>(&stall, i));
        for (int i = 0; i < 50; ++i)
            states.push_back(e.submit<ftd::plain_call>(&square, i));
        BOOST_TEST_REQUIRE(started(0));
        BOOST_TEST_REQUIRE(started(1));
        ::kill(zygote, SIGKILL);
        for (auto& s : states) {
            BOOST_TEST(done_within(s, 5s));
            BOOST_TEST(fails_with<ft::broken_pool_error>(s));
        }
        BOOST_TEST(fails_with<ft::broken_pool_error>(states.back(), "zygote"));
        BOOST_TEST_MESSAGE(error_text(states.front()) << " | " << error_text(states.back()) << " after "
                                                      << freethreading_test::since(start).count() << " ms");
        auto later = e.submit<ftd::plain_call>(&square, 3);
        BOOST_TEST(fails_with<ft::broken_pool_error>(later, "zygote"));
    }
    BOOST_TEST(freethreading_test::since(start) < 20s);
    BOOST_TEST(!process_exists(zygote));
    for (const pid_t w : workers)
        BOOST_TEST(freethreading_test::eventually([&] { return !process_exists(w); }));
}

namespace {

volatile std::sig_atomic_t interrupts = 0;

extern "C" void count_interrupt(int)
{
    interrupts = interrupts + 1;
}

int nap(int id)
{
    mark(id);
    std::this_thread::sleep_for(300ms);
    return id;
}

// Makes this process the leader of a process group of its own for the
// test's length (so that a SIGINT to "the group" reaches this process and
// its pool, and never the test runner), with SIGINT counted by a handler.
class own_process_group
{
public:
    own_process_group() : old_group_(::getpgrp())
    {
        if (old_group_ != ::getpid())
            BOOST_TEST_REQUIRE(::setpgid(0, 0) == 0);
        struct sigaction on_interrupt = {};
        on_interrupt.sa_handler = &count_interrupt;
        ::sigemptyset(&on_interrupt.sa_mask);
        BOOST_TEST_REQUIRE(::sigaction(SIGINT, &on_interrupt, &old_action_) == 0);
    }

    ~own_process_group()
    {
        ::sigaction(SIGINT, &old_action_, nullptr);
        if (old_group_ != ::getpid())
            ::setpgid(0, old_group_);
    }

    own_process_group(const own_process_group&) = delete;
    own_process_group& operator=(const own_process_group&) = delete;

private:
    pid_t old_group_;
    struct sigaction old_action_ = {};
};

} // namespace

// DESIGN §6 "Signals": a Ctrl-C reaches the whole foreground process group,
// pool processes included. They ignore it; the parent decides: here it
// handles SIGINT and goes on, so the running task finishes, no worker is
// replaced and later tasks run; then it decides to stop, and terminate()
// ends the pool.
BOOST_AUTO_TEST_CASE(sigint_to_the_process_group_leaves_the_pool_to_the_parent)
{
    warm_up();
    reset_board();
    interrupts = 0;
    const own_process_group group;
    engine e(2, {}, flavour::executor);
    const pid_t zygote = e.zygote_pid();
    std::vector<pid_t> workers = e.worker_pids();
    std::sort(workers.begin(), workers.end());
    BOOST_TEST_REQUIRE(workers.size() == 2u);
    // The pool's processes are in the group the signal goes to.
    BOOST_TEST(::getpgid(zygote) == ::getpgrp());
    for (const pid_t w : workers)
        BOOST_TEST(::getpgid(w) == ::getpgrp());

    auto running = e.submit<ftd::plain_call>(&nap, 0);
    BOOST_TEST_REQUIRE(started(0));
    BOOST_TEST_REQUIRE(::kill(0, SIGINT) == 0);
    BOOST_TEST(freethreading_test::eventually([] { return interrupts == 1; }));
    BOOST_TEST(running->value() == 0);
    BOOST_TEST(e.submit<ftd::plain_call>(&square, 7)->value() == 49);
    std::vector<pid_t> after = e.worker_pids();
    std::sort(after.begin(), after.end());
    BOOST_TEST(after == workers, "no worker died of the SIGINT, none was replaced");
    BOOST_TEST(process_exists(zygote));

    // A second Ctrl-C while a task runs, and now the parent decides to stop.
    auto stalled = e.submit<ftd::plain_call>(&stall, 1);
    BOOST_TEST_REQUIRE(started(1));
    BOOST_TEST_REQUIRE(::kill(0, SIGINT) == 0);
    BOOST_TEST(freethreading_test::eventually([] { return interrupts == 2; }));
    BOOST_TEST(!stalled->done(), "the task outlived the SIGINT");
    e.terminate();
    BOOST_TEST(done_within(stalled, 5s));
    BOOST_TEST(fails_with<ft::broken_pool_error>(stalled, "terminated"));
    BOOST_TEST(e.join_until(std::chrono::steady_clock::now() + 10s));
    BOOST_TEST(!process_exists(zygote));
}
