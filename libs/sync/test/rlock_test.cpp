//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// recursive_mutex / rlock over its three spellings.

#include <freethreading/sync/rlock.hpp>

#include "lockable_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <tuple>
#include <type_traits>

using lock_types = std::tuple<freethreading::threading::recursive_mutex, freethreading::multiprocessing::recursive_mutex,
                              freethreading::recursive_mutex>;

// The timed_lockable suite, clause by clause.

BOOST_AUTO_TEST_CASE_TEMPLATE(acquire_release, L, lock_types)
{
    lockable_conformance::test_acquire_release<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(scoped_and_unique_lock, L, lock_types)
{
    lockable_conformance::test_scoped_and_unique_lock<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(timeouts_zero_and_negative_try_once, L, lock_types)
{
    lockable_conformance::test_timeouts_zero_and_negative_try_once<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(timed_forms_return_within_bounds, L, lock_types)
{
    lockable_conformance::test_timed_forms_return_within_bounds<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(unlock_misuse_is_a_logic_error, L, lock_types)
{
    lockable_conformance::test_unlock_misuse_is_a_logic_error<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(failed_try_lock_until_returns_at_its_deadline, L, lock_types)
{
    lockable_conformance::test_failed_try_lock_until_returns_at_its_deadline<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(copies_are_the_same_lock, L, lock_types)
{
    lockable_conformance::test_copies_are_the_same_lock<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(matches_std_timed_mutex_oracle, L, lock_types)
{
    lockable_conformance::test_matches_std_timed_mutex_oracle<L>();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(contended_counter_is_exact, L, lock_types)
{
    lockable_conformance::test_contended_counter_is_exact<L>();
}

// What only a recursive lock does.

static_assert(std::is_same_v<freethreading::rlock, freethreading::recursive_mutex>);

BOOST_AUTO_TEST_CASE_TEMPLATE(owner_relocks_and_unlocks_each_level, L, lock_types)
{
    using namespace lockable_conformance;
    L l;
    l.lock();
    BOOST_TEST(l.try_lock());
    BOOST_TEST(l.try_lock_for(std::chrono::milliseconds(1)));
    l.unlock();
    l.unlock();
    BOOST_TEST(!in_other_thread([&] { return l.try_lock(); })); // still held one deep
    l.unlock();
    BOOST_TEST(other_can_lock(l));
    BOOST_CHECK_THROW(l.unlock(), std::logic_error); // one unlock too many
}

BOOST_AUTO_TEST_CASE_TEMPLATE(nested_contention_is_exact, L, lock_types)
{
    using namespace lockable_conformance;
    L l;
    check_contended_count(l, [&](long& counter) {
        std::scoped_lock outer(l);
        std::scoped_lock inner(l);
        counter = counter + 1;
    });
}
