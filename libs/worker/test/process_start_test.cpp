//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Process creation as the caller of start() sees it (DESIGN §6). The child
// takes the CPU affinity of the thread that called start(), as a fork made
// by that thread would give it: the spawner thread that really forks runs on
// the caller's CPU, and that pin must never reach a child. And start() in
// one thread while other threads join the same worker, ask whether it is
// alive or list active_children() neither hangs nor loses the worker.

#include <freethreading/worker/functions.hpp>
#include <freethreading/worker/worker.hpp>

#include <freethreading_test/contenders.hpp>
#include <freethreading_test/printing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <pthread.h>
#include <sched.h>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using process_worker = freethreading::multiprocessing::worker;

struct seen_mask
{
    cpu_set_t cpus;
    std::atomic<int> read{0};
};

std::vector<int> cpus_of(const cpu_set_t& set)
{
    std::vector<int> cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &set))
            cpus.push_back(cpu);
    return cpus;
}

cpu_set_t only(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return set;
}

// Starts a process worker from a thread whose affinity is `caller` and
// returns the CPUs the worker's process may run on.
std::vector<int> child_cpus_when_started_with(const cpu_set_t& caller)
{
    freethreading_test::shared_page<seen_mask> page;
    seen_mask* const seen = &*page;
    int set_rc = -1;
    std::optional<int> code;
    std::thread starter([&] {
        set_rc = ::pthread_setaffinity_np(::pthread_self(), sizeof caller, &caller);
        process_worker w([seen] {
            if (::sched_getaffinity(0, sizeof seen->cpus, &seen->cpus) == 0)
                seen->read.store(1);
        });
        w.start();
        w.join();
        code = w.exitcode();
    });
    starter.join();
    BOOST_REQUIRE_EQUAL(set_rc, 0);
    BOOST_REQUIRE(code == 0);
    BOOST_REQUIRE_EQUAL(seen->read.load(), 1);
    return cpus_of(seen->cpus);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_child_takes_the_affinity_of_the_thread_that_started_it)
{
    cpu_set_t allowed;
    BOOST_REQUIRE_EQUAL(::sched_getaffinity(0, sizeof allowed, &allowed), 0);
    const std::vector<int> all = cpus_of(allowed);
    BOOST_REQUIRE(!all.empty());

    // Each the caller's own: all CPUs, then one, then all again (the
    // spawner was pinned in between), then another single one.
    const auto whole = child_cpus_when_started_with(allowed);
    BOOST_TEST(whole == all, boost::test_tools::per_element());
    const auto last = child_cpus_when_started_with(only(all.back()));
    BOOST_TEST(last == std::vector<int>{all.back()}, boost::test_tools::per_element());
    const auto whole_again = child_cpus_when_started_with(allowed);
    BOOST_TEST(whole_again == all, boost::test_tools::per_element());
    const auto first = child_cpus_when_started_with(only(all.front()));
    BOOST_TEST(first == std::vector<int>{all.front()}, boost::test_tools::per_element());

    // From this thread, with its affinity untouched.
    freethreading_test::shared_page<seen_mask> page;
    seen_mask* const seen = &*page;
    process_worker w([seen] {
        if (::sched_getaffinity(0, sizeof seen->cpus, &seen->cpus) == 0)
            seen->read.store(1);
    });
    w.start();
    w.join();
    BOOST_REQUIRE_EQUAL(seen->read.load(), 1);
    BOOST_TEST(cpus_of(seen->cpus) == all, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(join_from_another_thread_while_start_runs_waits_for_the_end)
{
    for (int round = 0; round < 20; ++round) {
        process_worker w(freethreading::worker_options{.name = "Watched"},
                         [] { std::this_thread::sleep_for(50ms); });
        std::optional<int> seen_code;
        bool joined = false;
        // A copy is the same worker; it joins as soon as it sees a start,
        // perhaps while start() is still forking.
        std::thread watcher([w, &seen_code, &joined]() mutable {
            while (!w.is_alive() && !w.exitcode())
                std::this_thread::yield();
            w.join();
            joined = true;
            seen_code = w.exitcode();
        });
        w.start();
        watcher.join();
        BOOST_TEST(joined);
        BOOST_TEST(seen_code == 0);
        BOOST_TEST(!w.is_alive());
    }
}

BOOST_AUTO_TEST_CASE(active_children_while_another_thread_starts_workers)
{
    std::atomic<bool> stop{false};
    std::atomic<int> listed{0};
    std::atomic<int> strangers{0};
    std::thread lister([&] {
        while (!stop.load()) {
            // On threads, a thread the library did not start also lists
            // the main thread (DESIGN §4.1).
            for (const auto& info : freethreading::active_children()) {
                if (info.name == "Looped")
                    ++listed;
                else if (info.name != "MainThread")
                    ++strangers;
            }
            (void)freethreading::active_count();
        }
    });
    for (int i = 0; i < 40; ++i) {
        process_worker w(freethreading::worker_options{.name = "Looped"},
                         [] { std::this_thread::sleep_for(2ms); });
        w.start();
        w.join();
        BOOST_TEST(w.exitcode() == 0);
    }
    stop = true;
    lister.join();
    BOOST_TEST(strangers.load() == 0);
    BOOST_TEST(freethreading::active_children().empty());
    BOOST_TEST_MESSAGE("active_children() listed a started worker " << listed.load() << " times");
}
