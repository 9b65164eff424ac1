//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_TEST_QUEUE_CONFORMANCE_HPP
#define FREETHREADING_QUEUE_TEST_QUEUE_CONFORMANCE_HPP

// The simple_queue_of suite, part one: Python's put / get tests, and a get
// woken by a put of another contender (a forked process where the state is
// shared, a thread otherwise). Written once as one function template per
// clause (`test_<clause><Q>()`, Q a spelling with `int` items, which a clause
// may rebind to other items) and run over every spelling of `queue<T>`
// (queue_test.cpp) and of `simple_queue<T>` (simple_queue_test.cpp). Part
// two, the item types, is queue_items_conformance.hpp.

#include <freethreading/queue.hpp>

#include <freethreading/core/backend.hpp>

#include <freethreading_test/contenders.hpp>

#include "queue_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>
#include <unistd.h>

namespace queue_conformance {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

using queue_test::domain_of;
using queue_test::with_item;

template <class Q>
constexpr bool in_process_only = std::is_same_v<domain_of<Q>, freethreading::detail::in_process>;

template <class Q>
bool expected_shared()
{
    using D = domain_of<Q>;
    if constexpr (std::is_same_v<D, freethreading::detail::in_process>)
        return false;
    else if constexpr (std::is_same_v<D, freethreading::detail::shared_memory>)
        return true;
    else
        return freethreading::get_backend() == freethreading::backend::multiprocessing;
}

using queue_test::holds;
using queue_test::is_shared;

/** An aggregate item: crosses processes field by field (DESIGN §5 rule 3). */
struct record
{
    int id = 0;
    std::string name;
    std::vector<double> values;

    friend bool operator==(const record&, const record&) = default;
};

inline record record_of(int i)
{
    return record{i, "record " + std::to_string(i), std::vector<double>(static_cast<std::size_t>(i % 7), i * 0.5)};
}

/** Text whose length and contents depend on `i`, so a wrong or torn item shows. */
inline std::string text_of(int i)
{
    std::string s = "item " + std::to_string(i) + ":";
    s.append(static_cast<std::size_t>(i % 61), static_cast<char>('a' + i % 26));
    return s;
}

/** In a contender, where BOOST_TEST cannot report: says what failed on stderr. */
inline bool expect(bool ok, const std::string& what)
{
    if (!ok)
        std::fprintf(stderr, "[contender %d] %s\n", int(::getpid()), what.c_str());
    return ok;
}

using freethreading_test::throws;

/** A blocking get that cannot hang a broken test forever where the spelling
    has a timed form (simple_queue has none: ctest's timeout is the limit there). */
template <class Q>
auto get_within(Q& q, steady_clock::duration limit)
{
    using value = decltype(q.get());
    if constexpr (freethreading::queue_of<Q, value>)
        return q.get_for(limit);
    else {
        (void)limit;
        return std::optional<value>(q.get());
    }
}

using freethreading_test::background_contenders;

template <class Q>
void test_state_lives_where_the_spelling_says()
{
    static_assert(freethreading::simple_queue_of<Q, int>);
    static_assert(freethreading::simple_queue_of<with_item<Q, std::string>, std::string>);
    static_assert(freethreading::simple_queue_of<with_item<Q, record>, record>);
    Q q;
    BOOST_TEST(is_shared(q) == expected_shared<Q>());
}

// Python test 25 (Queue) and 37 (SimpleQueue).
template <class Q>
void test_put_then_get_returns_the_item()
{
    Q q;
    q.put(42);
    BOOST_TEST(q.get() == 42);
    BOOST_TEST(q.empty());
}

// Python test 26.
template <class Q>
void test_items_come_out_in_fifo_order()
{
    Q q;
    for (int i = 0; i < 5; ++i)
        q.put(i);
    std::vector<int> got;
    for (int i = 0; i < 5; ++i)
        got.push_back(q.get());
    BOOST_TEST(got == (std::vector<int>{0, 1, 2, 3, 4}), boost::test_tools::per_element());
}

// Python test 27's second half: get_nowait on an empty queue raises Empty.
template <class Q>
void test_try_get_on_an_empty_queue_returns_nothing()
{
    Q q;
    BOOST_TEST(!q.try_get().has_value());
    q.put(42); // put is synchronous: no wait before try_get (Python sleeps here on mp)
    BOOST_TEST(holds(q.try_get(), 42));
    BOOST_TEST(!q.try_get().has_value());
}

// Python test 38.
template <class Q>
void test_empty_follows_put_and_get()
{
    Q q;
    BOOST_TEST(q.empty());
    q.put(1);
    BOOST_TEST(!q.empty());
    q.put(2);
    BOOST_TEST(!q.empty());
    BOOST_TEST(q.get() == 1);
    BOOST_TEST(!q.empty());
    BOOST_TEST(q.get() == 2);
    BOOST_TEST(q.empty());
}

template <class Q>
void test_copies_are_the_same_queue()
{
    Q a;
    Q b = a;
    BOOST_TEST((a == b));
    a.put(7);
    BOOST_TEST(!b.empty());
    BOOST_TEST(b.get() == 7);
    BOOST_TEST(a.empty());
    Q c;
    BOOST_TEST(!(a == c));
    c.put(1);
    BOOST_TEST(a.empty());
    b = c; // assignment rebinds the handle
    BOOST_TEST(b.get() == 1);
    BOOST_TEST(c.empty());
}

template <class Q>
void test_a_blocked_get_wakes_on_put()
{
    Q q;
    freethreading_test::shared_page<std::atomic<int>> waiting(0);
    background_contenders consumer(is_shared(q), 1, [&](int) {
        waiting->store(1);
        const auto v = get_within(q, 20s); // nothing queued yet: this waits
        return expect(holds(v, 5), "the blocked get did not return the item put later");
    });
    while (waiting->load() == 0)
        std::this_thread::yield();
    // Let the consumer go to sleep; the test passes either way, but then it
    // checks the sleeping path.
    std::this_thread::sleep_for(20ms);
    q.put(5);
    BOOST_TEST(consumer.join());
    BOOST_TEST(q.empty());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace queue_conformance

#endif // FREETHREADING_QUEUE_TEST_QUEUE_CONFORMANCE_HPP
