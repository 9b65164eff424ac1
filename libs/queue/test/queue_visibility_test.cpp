//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// queue<T> between contenders, over its three spellings: forked processes
// where the state is shared, threads otherwise. put is synchronous (DESIGN §4:
// when put returns, its item is visible to size() and to get, in every
// process), for the raw path (int) and the encoded one (std::string); and
// 1 MiB std::vector<int> items cross both ways.

#include <freethreading/queue.hpp>

#include <freethreading_test/contenders.hpp>

#include "queue_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>
#include <unistd.h>

namespace ft = freethreading;

namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;
using freethreading_test::background_contenders;

using queue_test::expect;
using queue_test::holds;
using queue_test::is_shared;

// --- put is synchronous -----------------------------------------------------

constexpr int rounds = 1000;

/** The two sides' progress, outside the queue and outside the segment. */
struct handshake
{
    std::atomic<int> put_returned{0}; // rounds whose put has returned in the producer
    std::atomic<int> checked{0};      // rounds the test has checked
};

/** Waits, without sleeping, until `counter` reaches `target`, for at most 10 s. */
bool reaches(const std::atomic<int>& counter, int target)
{
    const auto limit = steady_clock::now() + 10s;
    while (counter.load() < target) {
        if (steady_clock::now() > limit)
            return false;
        std::this_thread::yield();
    }
    return true;
}

template <class T>
T value_of(int i);

template <>
int value_of<int>(int i)
{
    return i * 7 + 1;
}

// Lengths from 1 to about 1300 bytes: records of one cell up to many.
template <>
std::string value_of<std::string>(int i)
{
    return std::string(static_cast<std::size_t>(i % 97) * 13, static_cast<char>('a' + i % 26)) + std::to_string(i);
}

using visible_spellings =
    std::tuple<ft::threading::queue<int>, ft::multiprocessing::queue<int>, ft::queue<int>,
               ft::threading::queue<std::string>, ft::multiprocessing::queue<std::string>, ft::queue<std::string>>;

// --- large vectors ------------------------------------------------------------

constexpr std::size_t mib = std::size_t(1) << 20;
constexpr std::size_t ints_per_mib = mib / sizeof(int);

// Item i: 1 MiB of ints give or take one (so the record's length falls on
// and off the ring's 16-byte cells), every value depending on i.
std::vector<int> big_vector(int i)
{
    std::vector<int> v(ints_per_mib + static_cast<std::size_t>(i % 3) - 1);
    for (std::size_t k = 0; k < v.size(); ++k)
        v[k] = static_cast<int>(static_cast<std::uint32_t>(k * 2654435761u) ^ (static_cast<std::uint32_t>(i) << 24));
    return v;
}

using vector_spellings = std::tuple<ft::threading::queue<std::vector<int>>,
                                    ft::multiprocessing::queue<std::vector<int>>, ft::queue<std::vector<int>>>;

} // namespace

// A producer puts an item and then raises a flag; once the flag is up, the
// item is there, with no waiting: size() is 1 and try_get() returns it.
BOOST_AUTO_TEST_CASE_TEMPLATE(an_item_is_visible_in_another_contender_when_put_returns, Q, visible_spellings)
{
    using T = typename Q::value_type;
    Q q;
    freethreading_test::shared_page<handshake> h;
    background_contenders producer(is_shared(q), 1, [&](int) {
        for (int i = 0; i < rounds; ++i) {
            q.put(value_of<T>(i));
            h->put_returned.store(i + 1);
            if (!expect(reaches(h->checked, i + 1), "round " + std::to_string(i) + " was never checked"))
                return false;
        }
        return true;
    });
    int wrong_size = 0, wrong_item = 0, first_wrong = -1;
    for (int i = 0; i < rounds; ++i) {
        if (!reaches(h->put_returned, i + 1)) {
            BOOST_ERROR("the producer did not finish put " << i);
            break;
        }
        const std::size_t size = q.size(); // no waiting: the put has returned
        const bool nonempty = !q.empty();
        const std::optional<T> v = q.try_get();
        const bool size_ok = size == 1 && nonempty;
        const bool item_ok = holds(v, value_of<T>(i));
        wrong_size += !size_ok;
        wrong_item += !item_ok;
        if ((!size_ok || !item_ok) && first_wrong < 0)
            first_wrong = i;
        h->checked.store(i + 1);
    }
    h->checked.store(rounds); // releases the producer, also after a break
    BOOST_TEST(wrong_size == 0, wrong_size << " rounds saw no item after put returned (first: " << first_wrong << ")");
    BOOST_TEST(wrong_item == 0, wrong_item << " rounds could not take the item at once (first: " << first_wrong << ")");
    BOOST_TEST(producer.join());
    BOOST_TEST(q.empty());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// 1 MiB vectors to the other contender and back, through bounded queues.
BOOST_AUTO_TEST_CASE_TEMPLATE(one_mib_vectors_cross_both_ways, Q, vector_spellings)
{
    constexpr int n = 6;
    Q there(2); // at most two big records wait at once
    Q back(2);
    background_contenders other(is_shared(there), 1, [&](int) {
        bool good = true;
        for (int i = 0; i < n; ++i) {
            const std::optional<std::vector<int>> v = there.get_for(20s);
            good = expect(holds(v, big_vector(i)), "vector " + std::to_string(i) + " missing or wrong") && good;
        }
        for (int i = n; i < 2 * n; ++i)
            back.put(big_vector(i));
        return good;
    });
    for (int i = 0; i < n; ++i)
        there.put(big_vector(i));
    int right = 0;
    for (int i = n; i < 2 * n; ++i) {
        const std::optional<std::vector<int>> v = back.get_for(20s);
        const bool ok = holds(v, big_vector(i));
        BOOST_TEST(ok, "vector " << i << " came back " << (v ? "wrong" : "not at all"));
        right += ok;
    }
    BOOST_TEST(right == n);
    BOOST_TEST(other.join());
    BOOST_TEST(there.empty());
    BOOST_TEST(back.empty());
    BOOST_TEST(freethreading_test::count_children() == 0);
}
