//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Chaos on robust locks (DESIGN §4.2 "Robust locks", §6): in each seeded
// iteration (chaos_support.hpp: 200 by default, under a watchdog) a victim
// process takes and releases one long-lived multiprocessing mutex (or
// recursive_mutex, two levels deep) in a loop while a survivor process
// contends for it, and the victim is SIGKILLed at a random moment — holding
// the lock or not. Then the lock reports owner_died_error to exactly one of
// the survivor and the parent when the victim died holding it (never more
// than once either way), and then works: the survivor finishes its rounds
// and the parent takes it. The segment is never poisoned.

#include <freethreading/core/errors.hpp>
#include <freethreading/sync.hpp>

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <random>
#include <signal.h>
#include <thread>
#include <tuple>

#include "chaos_support.hpp"

namespace ft = freethreading;
using namespace std::chrono_literals;

namespace {

struct lock_board
{
    std::atomic<int> holding{0};     // the victim holds the lock (set after taking, cleared before giving back)
    std::atomic<long> rounds{0};     // the victim's completed rounds
    std::atomic<int> reports{0};     // owner_died_error seen by the survivor
    std::atomic<int> survivor_go{0}; // the survivor starts contending
    long counter = 0;                // only changed under the lock
};

constexpr int survivor_rounds = 200;

// How deep the victim takes the lock.
template <class Lock>
constexpr int depth = 1;
template <>
constexpr int depth<ft::multiprocessing::recursive_mutex> = 2;

// Takes `m` within 10 s, counting owner_died_error reports; false on a timeout.
template <class Lock>
bool take(Lock& m, std::atomic<int>& reports)
{
    for (int attempt = 0; attempt < 3; ++attempt) {
        try {
            return m.try_lock_for(10s);
        } catch (const ft::owner_died_error&) {
            reports.fetch_add(1); // returned without the lock, which is now consistent: again
        }
    }
    return false;
}

// About as long inside the lock as outside it, so that about half of the
// kills find the victim holding it.
inline void hold_a_little()
{
    const auto until = std::chrono::steady_clock::now() + 20us;
    while (std::chrono::steady_clock::now() < until) {
    }
}

template <class Lock>
[[noreturn]] void victim_loop(Lock& m, lock_board& b)
{
    std::atomic<int> reports{0};
    for (;;) {
        if (!take(m, reports))
            continue;
        for (int d = 1; d < depth<Lock>; ++d)
            m.lock();
        b.holding.store(1);
        ++b.counter;
        hold_a_little();
        b.holding.store(0);
        for (int d = 0; d < depth<Lock>; ++d)
            m.unlock();
        b.rounds.fetch_add(1);
        hold_a_little(); // outside it
    }
}

template <class Lock>
bool survivor_loop(Lock& m, lock_board& b)
{
    while (b.survivor_go.load() == 0)
        std::this_thread::yield();
    for (int i = 0; i < survivor_rounds; ++i) {
        if (!take(m, b.reports))
            return false;
        ++b.counter;
        m.unlock();
    }
    return true;
}

template <class Lock>
bool one_kill(Lock& m, int it, std::mt19937& rng, int& held_at_death)
{
    freethreading_test::shared_page<lock_board> b;
    const pid_t victim = freethreading_test::start_child([&] {
        victim_loop(m, *b);
        return false;
    });
    const bool survivor_first = rng() % 2 == 0; // contending before the kill, or only after it
    if (survivor_first)
        b->survivor_go.store(1);
    const pid_t survivor = freethreading_test::start_child([&] { return survivor_loop(m, *b); });
    const long k = std::uniform_int_distribution<long>(0, 100)(rng);
    const auto limit = std::chrono::steady_clock::now() + 10s;
    while (b->rounds.load() < k && std::chrono::steady_clock::now() < limit)
        std::this_thread::yield();
    chaos::random_pause(rng, 30);
    ::kill(victim, SIGKILL);
    const bool killed = freethreading_test::wait_child(victim).signal == SIGKILL;
    // Set: the victim surely held the lock. Clear: it may still have (just
    // taken it, or not yet given it back).
    const bool held = b->holding.load() != 0;
    held_at_death += held;
    b->survivor_go.store(1);
    const bool survived = freethreading_test::wait_child(survivor).exited_with(0);
    std::atomic<int> parent_reports{0};
    const bool taken = take(m, parent_reports);
    if (taken)
        m.unlock();
    const int reports = b->reports.load() + parent_reports.load();
    BOOST_TEST(killed, "iteration " << it);
    BOOST_TEST(survived, "iteration " << it << ": the survivor could not take the lock after the kill");
    BOOST_TEST(taken, "iteration " << it << ": the parent could not take the lock after the kill");
    BOOST_TEST(reports <= 1, "iteration " << it << ": owner death reported " << reports << " times");
    if (held)
        BOOST_TEST(reports == 1, "iteration " << it << ": the victim died holding the lock, reported " << reports
                                              << " times");
    // The lock works again: taken at once now; and no increment made under
    // it was lost (the victim may have made one more than it counted).
    const bool again = m.try_lock_for(0s);
    if (again)
        m.unlock();
    BOOST_TEST(again, "iteration " << it << ": the lock is not free after everyone let it go");
    BOOST_TEST(b->counter >= survivor_rounds + b->rounds.load(), "iteration " << it);
    const bool probed = chaos::segment_allocates();
    BOOST_TEST(probed, "iteration " << it << ": the segment cannot allocate after the kill");
    return killed && survived && taken && again && reports <= 1 && (!held || reports == 1) && probed;
}

} // namespace

using locks = std::tuple<ft::multiprocessing::mutex, ft::multiprocessing::recursive_mutex>;

BOOST_AUTO_TEST_CASE_TEMPLATE(a_lock_whose_owner_was_killed_reports_it_once_then_works, Lock, locks)
{
    const unsigned seed = chaos::seed();
    std::mt19937 rng(seed);
    const int iterations = chaos::iterations();
    Lock m;
    int held_at_death = 0;
    {
        chaos::watchdog dog(seed, 60s);
        for (int it = 0; it < iterations; ++it) {
            dog.start(it);
            if (!one_kill(m, it, rng, held_at_death))
                break;
        }
    }
    BOOST_TEST_MESSAGE(held_at_death << " of " << iterations << " victims were killed holding the lock");
    BOOST_TEST(!freethreading::detail::shared_segment::instance().poisoned());
    BOOST_TEST(freethreading_test::count_children() == 0);
}
