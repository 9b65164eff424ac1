//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// mutex / lock over its three spellings.

#include <freethreading/sync/lock.hpp>

#include "lockable_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>

using lock_types =
    std::tuple<freethreading::threading::mutex, freethreading::multiprocessing::mutex, freethreading::mutex>;

// The timed_lockable suite, one case per clause.

FREETHREADING_TEST_LOCKABLE_CASES(lock_types)

// What only a non-recursive lock does.

static_assert(std::is_same_v<freethreading::lock, freethreading::mutex>);
static_assert(std::is_same_v<freethreading::threading::lock, freethreading::threading::mutex>);
static_assert(std::is_same_v<freethreading::multiprocessing::lock, freethreading::multiprocessing::mutex>);

BOOST_AUTO_TEST_CASE_TEMPLATE(relocking_a_held_mutex_is_refused, L, lock_types)
{
    L l;
    l.lock();
    try {
        l.lock();
        BOOST_ERROR("locking a held mutex again must throw");
    } catch (const std::logic_error& e) {
        BOOST_TEST(std::string(e.what()).find("already hold") != std::string::npos);
    }
    BOOST_TEST(!l.try_lock());
    BOOST_TEST(!l.try_lock_for(std::chrono::milliseconds(5)));
    l.unlock();
}
