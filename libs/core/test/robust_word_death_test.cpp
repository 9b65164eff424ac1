//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// robust_word when owner processes die: they _exit holding the lock or are
// SIGKILLed at random moments, with or without waiters already asleep (who
// must be woken by the death itself). Thread deaths and glibc's robust
// mutexes are in robust_word_thread_test.cpp.

#include "robust_word_scene.hpp"

#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/robust_word.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

#include <signal.h>
#include <unistd.h>

namespace ftd = freethreading::detail;
using namespace freethreading_test;
using ftd::acquire_result;
using namespace std::chrono_literals;

namespace {

void blocked_waiter_learns_of_death()
{
    scene& s = make_scene();
    const pid_t owner = start_dying_owner(s, 1);
    wait_for(s.holding, 1);
    s.waiting = 1;
    record(s, s.lock.try_lock_until(steady::now() + 10s));
    BOOST_TEST(s.died.load() == 1);
    BOOST_TEST(s.lock.held_by_caller());
    BOOST_TEST_MESSAGE("blocked waiter, owner _exit: owner_died after "
                       << detection_latency(s).count() << " ms");
    BOOST_TEST((detection_latency(s) < 1s));
    s.lock.unlock();
    BOOST_TEST((s.lock.lock() == acquire_result::acquired));
    s.lock.unlock();
    BOOST_TEST(wait_child(owner).exited_with(0));
    BOOST_TEST(count_children() == 0);
}

} // namespace

BOOST_AUTO_TEST_CASE(owner_exits_then_next_lock_reports_it_once)
{
    scene& s = make_scene();
    BOOST_TEST(wait_child(start_dying_owner(s, 0)).exited_with(0));
    record(s, s.lock.try_lock_until(steady::now() + 1s));
    BOOST_TEST(s.died.load() == 1);
    BOOST_TEST(s.lock.held_by_caller());
    BOOST_TEST_MESSAGE("owner _exit before the lock: owner_died after "
                       << detection_latency(s).count() << " ms");
    BOOST_TEST((detection_latency(s) < 1s));
    s.lock.unlock();
    BOOST_TEST((s.lock.lock() == acquire_result::acquired));
    s.lock.unlock();
    BOOST_TEST((s.lock.try_lock() == acquire_result::acquired));
    s.lock.unlock();
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE(blocked_waiter_is_woken_by_the_death)
{
    blocked_waiter_learns_of_death();
}

BOOST_AUTO_TEST_CASE(blocked_waiter_learns_of_the_death_with_futex_waitv_emulated)
{
    ftd::force_futex_waitv_fallback(true);
    blocked_waiter_learns_of_death();
    ftd::force_futex_waitv_fallback(false);
}

BOOST_AUTO_TEST_CASE(one_of_three_waiting_processes_sees_the_death)
{
    scene& s = make_scene();
    const pid_t owner = start_dying_owner(s, 3);
    std::vector<pid_t> waiters;
    for (int w = 0; w < 3; ++w)
        waiters.push_back(start_child([&s] {
            wait_for(s.holding, 1);
            s.waiting.fetch_add(1);
            const acquire_result r = s.lock.try_lock_until(steady::now() + 10s);
            record(s, r);
            if (r == acquire_result::timed_out)
                return false;
            ++s.counter;
            s.lock.unlock();
            return true;
        }));
    BOOST_TEST(wait_child(owner).exited_with(0));
    for (pid_t w : waiters)
        BOOST_TEST(wait_child(w).exited_with(0));
    BOOST_TEST(s.died.load() == 1);
    BOOST_TEST(s.acquired.load() == 2);
    BOOST_TEST(s.counter == 3u);
    BOOST_TEST_MESSAGE("3 blocked waiters, owner _exit: first return after "
                       << detection_latency(s).count() << " ms");
    BOOST_TEST((detection_latency(s) < 1s));
    BOOST_TEST(!s.lock.locked());
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE(sigkill_at_random_moments_never_wedges_the_lock)
{
    scene& s = make_scene();
    const unsigned seed = std::random_device{}();
    BOOST_TEST_MESSAGE("seed " << seed);
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delay_us(0, 3000);
    int died = 0;
    milliseconds slowest{0};
    for (int kill = 0; kill < 100; ++kill) {
        s.holding = 0;
        const pid_t victim = start_child([&s] {
            for (;;) {
                s.lock.lock();
                s.holding = 1;
                // Most of the time is spent holding the lock.
                const auto until = steady::now() + 30us;
                while (steady::now() < until)
                    ++s.counter;
                s.lock.unlock();
                const auto idle = steady::now() + 5us;
                while (steady::now() < idle) {
                }
            }
            return true;
        });
        // The random moment is counted from the victim's first lock, so that
        // a slow fork (sanitizers) does not make every kill land before it.
        wait_for(s.holding, 1);
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
        ::kill(victim, SIGKILL);
        BOOST_TEST(wait_child(victim).signal == SIGKILL);
        const auto start = steady::now();
        const acquire_result r = s.lock.try_lock_until(start + 1s);
        slowest = std::max<milliseconds>(slowest, steady::now() - start);
        BOOST_TEST((r != acquire_result::timed_out), "kill " << kill << ": the lock wedged");
        if (r == acquire_result::timed_out)
            break;
        died += r == acquire_result::owner_died;
        s.lock.unlock();
        // At most once per death: the next acquisition is ordinary.
        BOOST_TEST((s.lock.try_lock() == acquire_result::acquired));
        s.lock.unlock();
    }
    BOOST_TEST_MESSAGE("100 SIGKILLs: " << died << " found the lock held; slowest recovery "
                                        << slowest.count() << " ms");
    BOOST_TEST(died > 0);
    BOOST_TEST(count_children() == 0);
}
