//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_BARRIER_BREAK_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_BARRIER_BREAK_CONFORMANCE_HPP

// The barrier_like suite, part two: how a barrier breaks (Python's
// BarrierTests): a wait that times out (within its bounds, by any clock),
// abort() with any number of waiters (threads, and processes where the state
// is shared), reset(), a throwing action, and a process that dies inside the
// barrier. Written once as one function template per clause
// (`test_<clause><B>()`) and run over every spelling of `barrier` by
// barrier_break_test.cpp.

#include <freethreading/sync/barrier.hpp>

#include <freethreading/core/errors.hpp>

#include "barrier_parties.hpp"
#include "sync_test_support.hpp"

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include <unistd.h>

namespace barrier_break_conformance {

namespace ft = freethreading;
using barrier_test::outcome;
using barrier_test::wait_for_waiters;
using barrier_test::wait_in_threads;
using freethreading_test::count_children;
using freethreading_test::run_contenders;
using freethreading_test::shared_page;
using freethreading_test::since;
using freethreading_test::timing_slack;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

inline pid_t test_process = 0; // dying_action ends any process but this one, inside the barrier's lock
inline void dying_action()
{
    if (::getpid() != test_process)
        ::_exit(3);
}

inline void throwing_action()
{
    throw std::runtime_error("the action failed");
}

// How long after its deadline t = Clock::now() + d a lone party's
// wait_until(t) of a two-party barrier gave up, read on Clock itself; an
// hour if it did not end with broken_barrier_error.
template <class Clock, class B>
std::chrono::microseconds lateness_of_wait_until(B& b, std::chrono::milliseconds d)
{
    const auto t = Clock::now() + d;
    if (outcome([&] { return b.wait_until(t); }) != -1)
        return std::chrono::hours(1);
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t);
}

// A waiter that is not woken by abort() sits out its 10 s timeout, which
// breaks the barrier too: only the time taken tells the two apart.
constexpr auto waiter_timeout = 10s;
constexpr int aborted_waiters = 3;

template <class B>
void test_timeout_breaks_within_bounds()
{
    B b(2);
    const auto start = steady::now();
    BOOST_TEST(outcome([&] { return b.wait_for(30ms); }) == -1);
    const auto took = steady::now() - start;
    BOOST_TEST((took >= 30ms && took < 30ms + timing_slack));
    BOOST_TEST(b.broken());
    BOOST_TEST(b.n_waiting() == 0u);

    B c(2, nullptr, 20ms); // the default timeout of wait()
    const auto start_c = steady::now();
    BOOST_TEST(outcome([&] { return c.wait(); }) == -1);
    const auto took_c = steady::now() - start_c;
    BOOST_TEST((took_c >= 20ms && took_c < 20ms + timing_slack));
    BOOST_TEST(c.broken());
}

template <class B>
void test_wait_until_breaks_at_its_deadline()
{
    B d(2);
    const auto steady_late = lateness_of_wait_until<steady>(d, 20ms);
    BOOST_TEST(steady_late >= 0ms); // not before the deadline
    BOOST_TEST(steady_late < timing_slack);
    BOOST_TEST(d.broken());
    BOOST_TEST(d.n_waiting() == 0u);

    B e(2);
    const auto system_late = lateness_of_wait_until<std::chrono::system_clock>(e, 20ms);
    BOOST_TEST(system_late >= 0ms);
    BOOST_TEST(system_late < timing_slack);
    BOOST_TEST(e.broken());
}

template <class B>
void test_abort_breaks_until_reset()
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

// Three threads wait at a barrier of four; abort() wakes every one of them
// with broken_barrier_error at once.
template <class B>
void test_abort_wakes_every_waiting_thread()
{
    B b(aborted_waiters + 1);
    std::vector<int> outcomes(aborted_waiters, -3);
    std::vector<std::thread> threads;
    for (int i = 0; i < aborted_waiters; ++i)
        threads.emplace_back([&, i] { outcomes[i] = outcome([&] { return b.wait_for(waiter_timeout); }); });
    BOOST_TEST(wait_for_waiters(b, aborted_waiters));
    const auto start = steady::now();
    b.abort();
    for (auto& t : threads)
        t.join();
    BOOST_TEST(since(start) < timing_slack); // woken, not timed out
    BOOST_TEST((outcomes == std::vector<int>(aborted_waiters, -1)));
    BOOST_TEST(b.broken());
    BOOST_TEST(b.n_waiting() == 0u);
}

// The same with three waiting processes, where the state is shared.
template <class B>
void test_abort_wakes_every_waiting_process()
{
    B b(aborted_waiters + 1);
    if (!sync_test::is_shared(b)) {
        BOOST_TEST_MESSAGE("in-process state: no other process can wait at it");
        return;
    }
    shared_page<std::atomic<int>> broken_parties(0);
    freethreading_test::background_contenders waiters(true, aborted_waiters, [b, &broken_parties](int) mutable {
        const bool broken = outcome([&] { return b.wait_for(waiter_timeout); }) == -1;
        if (broken)
            broken_parties->fetch_add(1);
        return broken;
    });
    BOOST_TEST(wait_for_waiters(b, aborted_waiters));
    const auto start = steady::now();
    b.abort();
    BOOST_TEST(waiters.join());
    BOOST_TEST(since(start) < timing_slack); // woken, not timed out
    BOOST_TEST(broken_parties->load() == aborted_waiters);
    BOOST_TEST(b.broken());
    BOOST_TEST(b.n_waiting() == 0u);
    BOOST_TEST(count_children() == 0);
}

template <class B>
void test_reset_while_a_party_waits()
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

template <class B>
void test_throwing_action_breaks()
{
    B b(3, &throwing_action);
    // Its exception in the party that ran it, broken_barrier_error for the rest.
    BOOST_TEST((wait_in_threads(b, 3) == std::vector<int>{-2, -1, -1}));
    BOOST_TEST(b.broken());
}

template <class B>
void test_cross_process_timeout_breaks_the_waiters()
{
    B b(3);
    const bool processes = sync_test::is_shared(b);
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

template <class B>
void test_death_inside_the_barrier_breaks_it()
{
    B b(1, &dying_action);
    if (!sync_test::is_shared(b)) {
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

} // namespace barrier_break_conformance

#endif // FREETHREADING_SYNC_TEST_BARRIER_BREAK_CONFORMANCE_HPP
