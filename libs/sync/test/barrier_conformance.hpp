//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_BARRIER_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_BARRIER_CONFORMANCE_HPP

// The barrier_like suite, part one: a barrier that is not broken (Python's
// BarrierTests): a fresh barrier's parties and n_waiting, distinct arrival
// indices 0 to parties - 1 in every generation, the action run once per
// generation after every arrival and before any release, rounds across forked
// processes where the state is shared, and the isolation check of the action.
// Written once as one function template per clause (`test_<clause><B>()`)
// and run over every spelling of `barrier` by barrier_test.cpp. How a barrier
// breaks is part two, barrier_break_conformance.hpp.

#include <freethreading/sync/barrier.hpp>
#include <freethreading/sync/concepts.hpp>

#include <freethreading/core/errors.hpp>

#include "barrier_parties.hpp"
#include "sync_test_support.hpp"

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace barrier_conformance {

namespace ft = freethreading;
using barrier_test::wait_in_threads;
using freethreading_test::count_children;
using freethreading_test::run_contenders;
using freethreading_test::shared_page;
using namespace std::chrono_literals;

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

inline round_record* record = nullptr; // set before any party starts

// A barrier action must be a plain function: it may be called in any process.
inline void count_round()
{
    const int r = record->actions.load();
    if (r >= rounds || record->arrived[r].load() != parties || record->released[r].load() != 0)
        record->misordered.fetch_add(1);
    record->actions.fetch_add(1);
}

template <class B>
void test_fresh_barrier()
{
    static_assert(freethreading::barrier_like<B> && freethreading::primitive_handle<B>);
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

template <class B>
void test_single_party()
{
    B b(1);
    BOOST_TEST(b.wait() == 0u);
    BOOST_TEST(b.wait_for(0ms) == 0u); // the last party never times out
    b.reset();
    BOOST_TEST(b.wait() == 0u);
}

template <class B>
void test_extra_parties_wait_for_the_next_generation()
{
    B b(2);
    BOOST_TEST((wait_in_threads(b, 6) == std::vector<int>{0, 0, 0, 1, 1, 1}));
    BOOST_TEST(!b.broken());
}

template <class B>
void test_cross_process_rounds()
{
    shared_page<round_record> page{};
    record = &*page;
    B b(parties, &count_round);
    const bool processes = sync_test::is_shared(b);
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

template <class B>
void test_action_outside_loaded_objects_is_refused()
{
    B b(1, &count_round);
    if (!sync_test::is_shared(b)) {
        BOOST_TEST_MESSAGE("in-process state: its action is in private memory, not checked");
        return;
    }
    // Point the stored action into the segment itself, as a stray write could.
    sync_test::state_of(b).get()->action = reinterpret_cast<void (*)()>(static_cast<void*>(sync_test::state_of(b).get()));
    try {
        (void)b.wait();
        BOOST_TEST(false, "the action was called");
    } catch (const ft::broken_barrier_error& e) {
        BOOST_TEST(std::string(e.what()).find("does not point into any loaded object") != std::string::npos);
    }
    BOOST_TEST(b.broken());
}

} // namespace barrier_conformance

#endif // FREETHREADING_SYNC_TEST_BARRIER_CONFORMANCE_HPP
