//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Each sync concept accepts its models and the standard types that should
// model it, and rejects a near miss for each clause.

#include <freethreading/sync.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <mutex>
#include <semaphore>
#include <shared_mutex>

namespace ft = freethreading;

namespace near_miss {

struct no_unlock
{
    void lock();
    bool try_lock();
};

struct untimed
{
    void lock();
    bool try_lock();
    void unlock();
};

struct only_for
{
    void lock();
    bool try_lock();
    void unlock();
    bool try_lock_for(std::chrono::milliseconds);
};

struct semaphore_without_value
{
    void acquire();
    bool try_acquire();
    template <class D>
    bool try_acquire_for(D);
    template <class T>
    bool try_acquire_until(T);
    void release(std::ptrdiff_t = 1);
};

struct event_with_int_wait
{
    void set();
    void clear();
    bool is_set() const;
    void wait();
    int wait_for(std::chrono::milliseconds); // must be exactly bool
    bool wait_until(std::chrono::steady_clock::time_point);
};

struct barrier_with_int_index
{
    int wait(); // must be std::size_t
    std::size_t wait_for(std::chrono::milliseconds);
    void reset();
    void abort();
    std::size_t parties() const;
    std::size_t n_waiting() const;
    bool broken() const;
};

struct token_without_possible
{
    bool stop_requested() const;
};

} // namespace near_miss

// Models: the three spellings, and the standard's own types where they fit.
static_assert(ft::timed_lockable<std::timed_mutex>);
static_assert(ft::timed_lockable<std::shared_timed_mutex>);
static_assert(ft::lockable<std::mutex> && !ft::timed_lockable<std::mutex>);
static_assert(ft::timed_lockable<ft::condition> && ft::condition_like<ft::threading::condition>);
static_assert(ft::stop_token_like<std::stop_token> && ft::stop_source_like<std::stop_source>);

// Near misses, one clause each.
static_assert(!ft::basic_lockable<near_miss::no_unlock>);
static_assert(ft::lockable<near_miss::untimed> && !ft::timed_lockable<near_miss::untimed>);
static_assert(!ft::timed_lockable<near_miss::only_for>);
static_assert(!ft::semaphore_like<near_miss::semaphore_without_value>);
static_assert(!ft::semaphore_like<std::counting_semaphore<>>); // no value()
static_assert(!ft::event_like<near_miss::event_with_int_wait>);
static_assert(!ft::barrier_like<near_miss::barrier_with_int_index>);
static_assert(!ft::stop_token_like<near_miss::token_without_possible>);
static_assert(!ft::condition_like<ft::mutex>); // a lock is not a condition
static_assert(!ft::primitive_handle<std::mutex>); // not copyable: not a handle

BOOST_AUTO_TEST_CASE(models_are_handles_to_one_state)
{
    ft::event a;
    ft::event b = a;
    BOOST_TEST((a == b));
    BOOST_TEST(!(a == ft::event()));
    b.set();
    BOOST_TEST(a.is_set());
}
