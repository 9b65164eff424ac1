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

// The timed_lockable suite, one case per clause.

FREETHREADING_TEST_LOCKABLE_CASES(lock_types)

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
