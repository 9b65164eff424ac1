//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_LOCKABLE_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_LOCKABLE_CONFORMANCE_HPP

// The timed_lockable suite, written once as one function template per
// clause (`test_<clause><L>()`) and run over every spelling of a lock by the
// drivers lock_test.cpp and rlock_test.cpp, with std::timed_mutex as the
// oracle where a standard type exists.

#include <freethreading/sync/concepts.hpp>

#include "sync_test_support.hpp"

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace lockable_conformance {

using namespace std::chrono_literals;
using std::chrono::steady_clock;
using freethreading_test::timing_slack;
using sync_test::in_other_thread;
using sync_test::is_shared;
using sync_test::other_can_lock;

// Contenders (processes where the state is shared) each add to a plain
// counter in a shared page, each addition made by `locked_increment` under
// `l`: only the lock keeps the count exact.
template <class L, class F>
void check_contended_count(L& l, F locked_increment)
{
    constexpr int contenders = 4;
    constexpr int rounds = 100'000;
    freethreading_test::shared_page<long> counter(0);
    const bool ok = freethreading_test::run_contenders(is_shared(l), contenders, [&](int) {
        for (int i = 0; i < rounds; ++i)
            locked_increment(*counter);
        return true;
    });
    BOOST_TEST(ok);
    BOOST_TEST(*counter == long(contenders) * rounds);
}

// What `l.unlock()` by the caller, who must not own `l`, threw: the
// std::logic_error's message, or "" if it did not throw one.
template <class L>
std::string unlock_refusal(L& l)
{
    try {
        l.unlock();
    } catch (const std::logic_error& e) {
        return e.what();
    }
    return {};
}

// How long after its deadline t = Clock::now() + d a try_lock_until(t) on
// the held lock `l` returned false, read on Clock itself; an hour if it
// took the lock.
template <class Clock>
std::chrono::microseconds lateness_of_failed_until(auto& l, std::chrono::milliseconds d)
{
    const auto t = Clock::now() + d;
    if (l.try_lock_until(t))
        return std::chrono::hours(1);
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t);
}

template <class L>
void test_acquire_release()
{
    static_assert(freethreading::timed_lockable<L>);
    L l;
    BOOST_TEST(!l.locked());
    l.lock();
    BOOST_TEST(l.locked());
    BOOST_TEST(sync_test::held_by_caller(l));
    l.unlock();
    BOOST_TEST(!l.locked());
}

template <class L>
void test_scoped_and_unique_lock()
{
    L l;
    {
        std::scoped_lock guard(l);
        BOOST_TEST(l.locked());
    }
    BOOST_TEST(!l.locked());
    try {
        std::unique_lock guard(l);
        throw std::runtime_error("inside");
    } catch (const std::runtime_error&) {
    }
    BOOST_TEST(!l.locked()); // released on the exception
    BOOST_TEST(l.try_lock());
    l.unlock();
}

template <class L>
void test_timeouts_zero_and_negative_try_once()
{
    L l;
    BOOST_TEST(l.try_lock_for(10ms)); // free: acquired
    const bool again = in_other_thread([&] { return l.try_lock(); });
    BOOST_TEST(!again);
    BOOST_TEST(!in_other_thread([&] { return l.try_lock_for(0ms); }));
    BOOST_TEST(!in_other_thread([&] { return l.try_lock_for(-1s); }));
    l.unlock();
    BOOST_TEST(l.try_lock_for(-1s)); // negative on a free lock: tried once, acquired
    l.unlock();
}

template <class L>
void test_timed_forms_return_within_bounds()
{
    L l;
    l.lock();
    const auto elapsed = in_other_thread([&] {
        const auto start = steady_clock::now();
        const bool got = l.try_lock_for(50ms);
        return got ? steady_clock::duration::min() : steady_clock::now() - start;
    });
    BOOST_TEST(elapsed >= 50ms);
    BOOST_TEST(elapsed < 50ms + timing_slack);
    const bool by_system_clock = in_other_thread(
        [&] { return l.try_lock_until(std::chrono::system_clock::now() + 20ms); });
    BOOST_TEST(!by_system_clock);
    l.unlock();
}

template <class L>
void test_unlock_misuse_is_a_logic_error()
{
    L l;
    try {
        l.unlock();
        BOOST_ERROR("unlock of a free lock must throw");
    } catch (const std::logic_error& e) {
        BOOST_TEST(std::string(e.what()).find("does not hold") != std::string::npos);
    }
    l.lock();
    // Held by another owner: refused, with a message saying the caller is
    // not the owner, and the lock stays held.
    const std::string refusal = in_other_thread([&] { return unlock_refusal(l); });
    BOOST_TEST(refusal.find("::unlock") != std::string::npos, "message: '" << refusal << "'");
    BOOST_TEST(refusal.find("does not hold") != std::string::npos, "message: '" << refusal << "'");
    BOOST_TEST(refusal.find("not its owner") != std::string::npos, "message: '" << refusal << "'");
    BOOST_TEST(l.locked());
    BOOST_TEST(sync_test::held_by_caller(l));
    if (is_shared(l)) {
        // Another process is not the owner either.
        freethreading_test::shared_page<bool> child_refused(false);
        const auto status = freethreading_test::run_in_child([&] {
            *child_refused = unlock_refusal(l).find("does not hold") != std::string::npos;
            return true;
        });
        BOOST_TEST(status.exited_with(0));
        BOOST_TEST(*child_refused);
        BOOST_TEST(sync_test::held_by_caller(l));
    }
    l.unlock();
    BOOST_TEST(!l.locked());
}

// A try_lock_until(t) that fails returns once t has passed (by t's own
// clock), and not absurdly later.
template <class L>
void test_failed_try_lock_until_returns_at_its_deadline()
{
    L l;
    l.lock();
    const auto steady_late = in_other_thread([&] { return lateness_of_failed_until<steady_clock>(l, 30ms); });
    BOOST_TEST(steady_late >= 0ms); // not before t
    BOOST_TEST(steady_late < timing_slack);
    using std::chrono::system_clock;
    const auto system_late = in_other_thread([&] { return lateness_of_failed_until<system_clock>(l, 30ms); });
    BOOST_TEST(system_late >= 0ms);
    BOOST_TEST(system_late < timing_slack);
    BOOST_TEST(sync_test::held_by_caller(l)); // the failed attempts left it with us
    l.unlock();
}

template <class L>
void test_copies_are_the_same_lock()
{
    L a;
    L b = a;
    BOOST_TEST((a == b));
    a.lock();
    BOOST_TEST(b.locked());
    BOOST_TEST(!L().locked());
    b.unlock();
    BOOST_TEST(!a.locked());
}

template <class L>
void test_matches_std_timed_mutex_oracle()
{
#if defined(__SANITIZE_THREAD__)
    // GCC 12's ThreadSanitizer does not intercept pthread_mutex_clocklock,
    // which std::timed_mutex::try_lock_for uses, and then misreports the
    // oracle's own unlock; the oracle runs in the other builds.
    BOOST_TEST_MESSAGE("oracle skipped under ThreadSanitizer");
    return;
#endif
    // The same script on both; every observable result must agree.
    L ours;
    std::timed_mutex oracle;
    auto script = [](auto& m) {
        std::vector<bool> r;
        r.push_back(m.try_lock());
        r.push_back(in_other_thread([&] { return m.try_lock(); }));
        r.push_back(in_other_thread([&] { return m.try_lock_for(1ms); }));
        m.unlock();
        r.push_back(other_can_lock(m));
        r.push_back(m.try_lock_for(1ms));
        m.unlock();
        return r;
    };
    BOOST_TEST(script(ours) == script(oracle), boost::test_tools::per_element());
}

template <class L>
void test_contended_counter_is_exact()
{
    L l;
    check_contended_count(l, [&](long& counter) {
        std::scoped_lock guard(l);
        counter = counter + 1; // a plain, non-atomic counter: only the lock protects it
    });
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace lockable_conformance


/** Defines one Boost.Test case template per clause of the suite over the
    std::tuple of spellings `spellings`: the drivers of every lock share it. */
#define FREETHREADING_TEST_LOCKABLE_CASES(spellings) \
    BOOST_AUTO_TEST_CASE_TEMPLATE(acquire_release, L, spellings) { lockable_conformance::test_acquire_release<L>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(scoped_and_unique_lock, L, spellings) { lockable_conformance::test_scoped_and_unique_lock<L>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(timeouts_zero_and_negative_try_once, L, spellings) { lockable_conformance::test_timeouts_zero_and_negative_try_once<L>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(timed_forms_return_within_bounds, L, spellings) { lockable_conformance::test_timed_forms_return_within_bounds<L>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(unlock_misuse_is_a_logic_error, L, spellings) { lockable_conformance::test_unlock_misuse_is_a_logic_error<L>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(failed_try_lock_until_returns_at_its_deadline, L, spellings) { lockable_conformance::test_failed_try_lock_until_returns_at_its_deadline<L>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(copies_are_the_same_lock, L, spellings) { lockable_conformance::test_copies_are_the_same_lock<L>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(matches_std_timed_mutex_oracle, L, spellings) { lockable_conformance::test_matches_std_timed_mutex_oracle<L>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(contended_counter_is_exact, L, spellings) { lockable_conformance::test_contended_counter_is_exact<L>(); }

#endif // FREETHREADING_SYNC_TEST_LOCKABLE_CONFORMANCE_HPP
