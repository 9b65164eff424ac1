//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Load: 64 contenders on one lock, 10,000 increments each of a plain
// (non-atomic) counter that only the lock protects, so a single lost
// exclusion shows as a wrong total. The multiprocessing lock is always
// contended by 64 forked processes; the facade by 64 processes or 64
// threads, as the backend says. The increments are the lock's whole work,
// so every contender meets the others on the futex path many times.

#include <freethreading/sync/lock.hpp>

#include "sync_test_support.hpp"

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <tuple>

namespace ft = freethreading;

namespace {

constexpr int contenders = 64;
constexpr int increments = 10'000;

// A read and a separate write: a window that a missing exclusion would hit.
template <class L>
void locked_increment(L& l, volatile long& counter)
{
    const std::scoped_lock hold(l);
    const long seen = counter;
    counter = seen + 1;
}

} // namespace

using load_types = std::tuple<ft::multiprocessing::lock, ft::lock>;

BOOST_AUTO_TEST_CASE_TEMPLATE(sixty_four_contenders_give_the_exact_total, L, load_types)
{
    L l;
    freethreading_test::shared_page<long> counter(0);
    freethreading_test::shared_page<std::atomic<int>> arrived(0);
    const bool processes = sync_test::is_shared(l);
    const auto start = std::chrono::steady_clock::now();
    const bool ok = freethreading_test::run_contenders(processes, contenders, [&](int) {
        // All start together, so that they meet on the lock rather than run
        // one after another.
        arrived->fetch_add(1);
        while (arrived->load() < contenders)
            std::this_thread::yield();
        for (int i = 0; i < increments; ++i)
            locked_increment(l, *counter);
        return true;
    });
    const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_MESSAGE(contenders << (processes ? " processes" : " threads") << " x " << increments
                                  << " increments in " << took << " s");
    BOOST_TEST(ok);
    BOOST_TEST(*counter == long(contenders) * increments);
    BOOST_TEST(!l.locked());
}
