//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// robust_word while everyone lives: mutual exclusion across processes (with
// futex_waitv and with its emulation), timeouts, and owner ids across fork.
// Owner death is in robust_word_death_test.cpp and robust_word_thread_test.cpp.

#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/robust_word.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <vector>

#include <unistd.h>

namespace ftd = freethreading::detail;
using freethreading_test::count_children;
using freethreading_test::run_in_child;
using freethreading_test::start_child;
using freethreading_test::wait_child;
using ftd::acquire_result;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

struct counted_lock
{
    ftd::robust_word lock;
    std::uint64_t counter = 0; // a plain counter: only the lock protects it
    std::atomic<int> ready{0};
    std::atomic<int> go{0};
};

template <class T>
T& make_shared_object()
{
    return *ftd::shared_segment::instance().construct<T>();
}

// `processes` children each add `iterations` under the lock.
void count_in_processes(counted_lock& s, int processes, int iterations)
{
    std::vector<pid_t> children;
    for (int p = 0; p < processes; ++p)
        children.push_back(start_child([&s, iterations] {
            // All start together, so they really contend.
            s.ready.fetch_add(1);
            while (s.go.load() == 0)
                std::this_thread::yield();
            for (int i = 0; i < iterations; ++i) {
                if (s.lock.lock() != acquire_result::acquired)
                    return false;
                ++s.counter;
                // Now and then give the CPU away while holding the lock, so
                // that the others outlast their spin and really sleep.
                if (i % 128 == 0)
                    std::this_thread::yield();
                s.lock.unlock();
            }
            return true;
        }));
    while (s.ready.load() < processes)
        std::this_thread::sleep_for(1ms);
    const auto start = steady::now();
    s.go = 1;
    for (pid_t child : children)
        BOOST_TEST(wait_child(child).exited_with(0));
    const std::chrono::duration<double, std::milli> took = steady::now() - start;
    BOOST_TEST_MESSAGE(processes << " processes x " << iterations
                                 << " locked increments: " << took.count() << " ms");
    BOOST_TEST(s.counter == std::uint64_t(processes) * std::uint64_t(iterations));
    BOOST_TEST(!s.lock.locked());
}

} // namespace

BOOST_AUTO_TEST_CASE(lock_and_unlock_by_one_thread)
{
    auto& w = make_shared_object<ftd::robust_word>();
    BOOST_TEST(!w.locked());
    BOOST_TEST(!w.held_by_caller());
    BOOST_TEST((w.lock() == acquire_result::acquired));
    BOOST_TEST(w.locked());
    BOOST_TEST(w.held_by_caller());
    BOOST_TEST(w.state() == ftd::robust_word::caller_id());
    // The owner cannot take it again: try_lock says busy, lock refuses.
    BOOST_TEST((w.try_lock() == acquire_result::timed_out));
    bool refused = false;
    try {
        w.lock();
    } catch (const std::logic_error&) {
        refused = true;
    }
    BOOST_TEST(refused);
    w.unlock();
    BOOST_TEST(!w.locked());
    BOOST_TEST((w.try_lock() == acquire_result::acquired));
    w.unlock();
    BOOST_TEST((w.try_lock_until(steady::now() - 1s) == acquire_result::acquired));
    w.unlock();
}

BOOST_AUTO_TEST_CASE(four_processes_count_exactly)
{
    count_in_processes(make_shared_object<counted_lock>(), 4, 100'000);
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE(four_processes_count_exactly_with_futex_waitv_emulated)
{
    ftd::force_futex_waitv_fallback(true); // inherited by the children
    count_in_processes(make_shared_object<counted_lock>(), 4, 20'000);
    ftd::force_futex_waitv_fallback(false);
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE(threads_of_one_process_count_exactly)
{
    auto& s = make_shared_object<counted_lock>();
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t)
        threads.emplace_back([&s] {
            for (int i = 0; i < 50'000; ++i) {
                s.lock.lock();
                ++s.counter;
                s.lock.unlock();
            }
        });
    for (auto& t : threads)
        t.join();
    BOOST_TEST(s.counter == 150'000u);
}

BOOST_AUTO_TEST_CASE(a_held_lock_times_out_within_bounds)
{
    auto& w = make_shared_object<ftd::robust_word>();
    auto& released = make_shared_object<std::atomic<int>>();
    const pid_t holder = start_child([&w, &released] {
        w.lock();
        while (released.load() == 0)
            std::this_thread::sleep_for(1ms);
        w.unlock();
        return true;
    });
    while (!w.locked())
        std::this_thread::sleep_for(1ms);

    auto start = steady::now();
    BOOST_TEST((w.try_lock() == acquire_result::timed_out));
    BOOST_TEST((w.try_lock_until(start - 1s) == acquire_result::timed_out));
    BOOST_TEST((steady::now() - start < 50ms));

    for (auto wait : {0ms, 1ms, 100ms}) {
        start = steady::now();
        BOOST_TEST((w.try_lock_until(start + wait) == acquire_result::timed_out));
        const auto took = steady::now() - start;
        BOOST_TEST((took >= wait));
        BOOST_TEST((took < wait + 200ms));
    }
    released = 1;
    BOOST_TEST((w.try_lock_until(steady::now() + 10s) == acquire_result::acquired));
    w.unlock();
    BOOST_TEST(wait_child(holder).exited_with(0));
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE(a_forked_child_has_its_own_owner_id)
{
    auto& w = make_shared_object<ftd::robust_word>();
    BOOST_TEST((w.lock() == acquire_result::acquired));
    const std::uint32_t parent_id = ftd::robust_word::caller_id();

    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child == 0) {
        const bool ok = ftd::robust_word::caller_id() != parent_id && !w.held_by_caller() &&
                        w.try_lock() == acquire_result::timed_out;
        std::exit(ok ? 0 : 1);
    }
    BOOST_TEST(wait_child(child).exited_with(0));
    BOOST_TEST(ftd::robust_word::caller_id() == parent_id);
    BOOST_TEST(w.held_by_caller());
    // Another process still sees a live owner, not a dead one.
    BOOST_TEST(run_in_child([&w] { return w.try_lock() == acquire_result::timed_out; })
                   .exited_with(0));
    w.unlock();
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE(a_child_forked_by_a_thread_does_not_release_its_slot)
{
    // The child's only thread is a copy of the forking thread; when it
    // returns, its thread exit runs the liveness release, which must not
    // give back the forking thread's slot (that would declare it dead).
    auto& w = make_shared_object<ftd::robust_word>();
    auto& verdict = make_shared_object<std::atomic<int>>();
    std::atomic<pid_t> child{-1};
    std::atomic<int> stop{0};
    std::thread forker([&] {
        w.lock();
        std::fflush(nullptr);
        const pid_t pid = ::fork();
        if (pid == 0) {
            // No lock call here: a claim of its own would hide the inherited
            // slot from the exit.
            verdict = w.held_by_caller() ? 2 : 1;
            return; // the last thread of the child: the child exits with 0
        }
        child = pid;
        while (stop.load() == 0)
            std::this_thread::sleep_for(1ms);
        w.unlock();
    });
    while (child.load() == -1)
        std::this_thread::sleep_for(1ms);
    BOOST_TEST(wait_child(child.load()).exited_with(0));
    BOOST_TEST(verdict.load() == 1);
    BOOST_TEST((w.try_lock() == acquire_result::timed_out)); // held by a live forker
    stop = 1;
    forker.join();
    BOOST_TEST((w.lock() == acquire_result::acquired));
    w.unlock();
    BOOST_TEST(count_children() == 0);
}
