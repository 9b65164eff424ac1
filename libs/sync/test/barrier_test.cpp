//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The barrier suite over the three spellings: Python's BarrierTests, rounds
// across forked processes, owner death and the isolation check of the action.

#include <freethreading/sync/barrier.hpp>

#include <freethreading/core/errors.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <unistd.h>

namespace ft = freethreading;
using freethreading_test::count_children;
using freethreading_test::run_contenders;
using freethreading_test::shared_page;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

using barrier_types = std::tuple<ft::threading::barrier, ft::multiprocessing::barrier, ft::barrier>;

namespace {

constexpr int parties = 4;
constexpr int rounds = 200;

// What the parties and the action saw, in a MAP_SHARED page (seen by children).
struct round_record
{
    std::atomic<int> arrived[rounds];
    std::atomic<int> released[rounds];
    std::atomic<int> hits[rounds][parties]; // hits[r][i]: parties of round r given index i
    std::atomic<int> actions;
    std::atomic<int> misordered; // actions that ran too early or too late
};

round_record* record = nullptr; // set before any party starts

// A barrier action must be a plain function: it may be called in any process.
void count_round()
{
    const int r = record->actions.load();
    if (r >= rounds || record->arrived[r].load() != parties || record->released[r].load() != 0)
        record->misordered.fetch_add(1);
    record->actions.fetch_add(1);
}

pid_t test_process = 0; // dying_action ends any process but this one, inside the barrier's lock
void dying_action()
{
    if (::getpid() != test_process)
        ::_exit(3);
}

void throwing_action()
{
    throw std::runtime_error("the action failed");
}

template <class B>
bool wait_for_waiters(const B& b, std::size_t n)
{
    const auto give_up = steady::now() + 5s;
    while (b.n_waiting() != n && steady::now() < give_up)
        std::this_thread::sleep_for(1ms);
    return b.n_waiting() == n;
}

// How a wait ended: its index, -1 for broken_barrier_error, -2 for another error.
template <class F>
int outcome(F wait)
{
    try {
        return static_cast<int>(wait());
    } catch (const ft::broken_barrier_error&) {
        return -1;
    } catch (const std::runtime_error&) {
        return -2;
    }
}

// `n` threads call `b.wait()`; their outcomes, sorted.
template <class B>
std::vector<int> wait_in_threads(B& b, int n)
{
    std::vector<int> outcomes(n, -3);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] { outcomes[i] = outcome([&] { return b.wait(); }); });
    for (auto& t : threads)
        t.join();
    std::sort(outcomes.begin(), outcomes.end());
    return outcomes;
}

} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(fresh_barrier, B, barrier_types)
{
    B b(3);
    BOOST_TEST(b.parties() == 3u);
    BOOST_TEST(b.n_waiting() == 0u);
    BOOST_TEST(!b.broken());
    BOOST_TEST((B(b) == b));
    BOOST_TEST(!(B(3) == b));
    try {
        B none(0);
        BOOST_TEST(false, "a barrier of 0 parties was made");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("parties is 0") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(single_party, B, barrier_types)
{
    B b(1);
    BOOST_TEST(b.wait() == 0u);
    BOOST_TEST(b.wait_for(0ms) == 0u); // the last party never times out
    b.reset();
    BOOST_TEST(b.wait() == 0u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(timeout_breaks_within_bounds, B, barrier_types)
{
    B b(2);
    const auto start = steady::now();
    BOOST_TEST(outcome([&] { return b.wait_for(30ms); }) == -1);
    const auto took = steady::now() - start;
    BOOST_TEST((took >= 30ms && took < 2s));
    BOOST_TEST(b.broken());
    BOOST_TEST(b.n_waiting() == 0u);

    B c(2, nullptr, 20ms); // the default timeout of wait()
    const auto start_c = steady::now();
    BOOST_TEST(outcome([&] { return c.wait(); }) == -1);
    BOOST_TEST((steady::now() - start_c >= 20ms));
    BOOST_TEST(c.broken());

    B d(2);
    BOOST_TEST(outcome([&] { return d.wait_until(std::chrono::system_clock::now() + 10ms); }) == -1);
    BOOST_TEST(d.broken());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(abort_breaks_until_reset, B, barrier_types)
{
    B b(3);
    int waiter = -3;
    std::thread t([&] { waiter = outcome([&] { return b.wait(); }); });
    BOOST_TEST(wait_for_waiters(b, 1));
    b.abort();
    t.join();
    BOOST_TEST(waiter == -1); // woken by the abort
    BOOST_TEST(b.broken());
    BOOST_TEST(outcome([&] { return b.wait(); }) == -1); // and later waits fail
    b.reset();
    BOOST_TEST(!b.broken());
    BOOST_TEST((wait_in_threads(b, 3) == std::vector<int>{0, 1, 2}));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(reset_while_a_party_waits, B, barrier_types)
{
    B b(2);
    int waiter = -3;
    std::thread t([&] { waiter = outcome([&] { return b.wait(); }); });
    BOOST_TEST(wait_for_waiters(b, 1));
    b.reset();
    t.join();
    BOOST_TEST(waiter == -1);
    BOOST_TEST(!b.broken());
    BOOST_TEST((wait_in_threads(b, 2) == std::vector<int>{0, 1})); // usable again
}

BOOST_AUTO_TEST_CASE_TEMPLATE(throwing_action_breaks, B, barrier_types)
{
    B b(3, &throwing_action);
    // Its exception in the party that ran it, broken_barrier_error for the rest.
    BOOST_TEST((wait_in_threads(b, 3) == std::vector<int>{-2, -1, -1}));
    BOOST_TEST(b.broken());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(extra_parties_wait_for_the_next_generation, B, barrier_types)
{
    B b(2);
    BOOST_TEST((wait_in_threads(b, 6) == std::vector<int>{0, 0, 0, 1, 1, 1}));
    BOOST_TEST(!b.broken());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(cross_process_rounds, B, barrier_types)
{
    shared_page<round_record> page{};
    record = &*page;
    B b(parties, &count_round);
    const bool processes = b.state().is_shared();
    if (!processes)
        BOOST_TEST_MESSAGE("in-process state: the parties are threads");
    const bool ok = run_contenders(processes, parties, [b](int) mutable {
        for (int r = 0; r < rounds; ++r) {
            record->arrived[r].fetch_add(1);
            const std::size_t i = b.wait_for(10s);
            if (i >= std::size_t(parties))
                return false;
            record->hits[r][i].fetch_add(1);
            record->released[r].fetch_add(1);
        }
        return true;
    });
    BOOST_TEST(ok);
    BOOST_TEST(record->actions.load() == rounds); // exactly once per round
    BOOST_TEST(record->misordered.load() == 0);   // after every arrival, before any release
    int not_permutations = 0;
    for (int r = 0; r < rounds; ++r)
        for (int i = 0; i < parties; ++i)
            not_permutations += record->hits[r][i].load() != 1;
    BOOST_TEST(not_permutations == 0);
    BOOST_TEST(!b.broken());
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(cross_process_timeout_breaks_the_waiters, B, barrier_types)
{
    B b(3);
    const bool processes = b.state().is_shared();
    // Two parties of three: the short timeout breaks it, the long one is told at once.
    const auto start = steady::now();
    const bool ok = run_contenders(processes, 2, [b](int i) mutable {
        try {
            (void)b.wait_for(i == 0 ? 50ms : 20s);
            return false;
        } catch (const ft::broken_barrier_error&) {
            return true;
        }
    });
    BOOST_TEST(ok);
    BOOST_TEST((steady::now() - start < 5s));
    BOOST_TEST(b.broken());
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(action_outside_loaded_objects_is_refused, B, barrier_types)
{
    B b(1, &count_round);
    if (!b.state().is_shared()) {
        BOOST_TEST_MESSAGE("in-process state: its action is in private memory, not checked");
        return;
    }
    // Point the stored action into the segment itself, as a stray write could.
    b.state().get()->action = reinterpret_cast<void (*)()>(static_cast<void*>(b.state().get()));
    try {
        (void)b.wait();
        BOOST_TEST(false, "the action was called");
    } catch (const ft::broken_barrier_error& e) {
        BOOST_TEST(std::string(e.what()).find("does not point into any loaded object") != std::string::npos);
    }
    BOOST_TEST(b.broken());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(death_inside_the_barrier_breaks_it, B, barrier_types)
{
    B b(1, &dying_action);
    if (!b.state().is_shared()) {
        BOOST_TEST_MESSAGE("in-process state: no other process can die inside it");
        return;
    }
    test_process = ::getpid();
    // The child is the last party: it dies in the action, holding the lock.
    BOOST_TEST(freethreading_test::run_in_child([b]() mutable { return b.wait() == 0; }).exited_with(3));
    const auto start = steady::now();
    BOOST_TEST(outcome([&] { return b.wait_for(5s); }) == -1);
    BOOST_TEST((steady::now() - start < 2s)); // broken at once, not timed out
    BOOST_TEST(b.broken());
    b.reset();
    BOOST_TEST(!b.broken());
    BOOST_TEST(b.n_waiting() == 0u); // the dead party's arrival was taken back
    BOOST_TEST(b.wait_for(5s) == 0u);
    BOOST_TEST(count_children() == 0);
}
