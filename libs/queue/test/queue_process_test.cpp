//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// queue<T> between contenders, over its three spellings: forked processes
// where the state is shared, threads otherwise. Large records, lock handles travelling through a queue (DESIGN §3: a queued
// handle holds a reference), join across contenders, and back-pressure.

#include <freethreading/queue.hpp>
#include <freethreading/sync/lock.hpp>

#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/contenders.hpp>

#include "queue_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unistd.h>

namespace ft = freethreading;

using queue_spellings = std::tuple<ft::threading::queue<int>, ft::multiprocessing::queue<int>, ft::queue<int>>;

namespace {

using namespace std::chrono_literals;
using std::chrono::steady_clock;
using freethreading_test::background_contenders;

using queue_test::domain_of;
using queue_test::with_item;

/** The lock of the same spelling: threading::lock, multiprocessing::lock or lock. */
template <class Q>
using lock_for = std::conditional_t<
    std::is_same_v<domain_of<Q>, ft::detail::in_process>, ft::threading::lock,
    std::conditional_t<std::is_same_v<domain_of<Q>, ft::detail::shared_memory>,
                       ft::multiprocessing::lock, ft::lock>>;

using queue_test::expect;
using queue_test::holds;
using queue_test::is_shared;

// --- large records ----------------------------------------------------------

constexpr std::size_t mib = std::size_t(1) << 20;

std::string big_text(int i)
{
    std::string s(mib, '\0');
    for (std::size_t k = 0; k < s.size(); ++k)
        s[k] = static_cast<char>((k * 131 + static_cast<std::size_t>(i) * 7 + (k >> 12)) & 0xff);
    return s;
}

} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(one_mib_strings_cross_both_ways, Q, queue_spellings)
{
    using text_queue = with_item<Q, std::string>;
    constexpr int n = 6;
    text_queue there(2); // bounded: at most two big records wait at once
    text_queue back(2);
    background_contenders other(is_shared(there), 1, [&](int) {
        bool good = true;
        for (int i = 0; i < n; ++i) {
            const std::optional<std::string> v = there.get_for(20s);
            good = expect(holds(v, big_text(i)), "big string " + std::to_string(i) + " missing or wrong") && good;
        }
        for (int i = n; i < 2 * n; ++i)
            back.put(big_text(i));
        return good;
    });
    for (int i = 0; i < n; ++i)
        there.put(big_text(i));
    for (int i = n; i < 2 * n; ++i) {
        const std::optional<std::string> v = back.get_for(20s);
        BOOST_TEST(v.has_value());
        BOOST_TEST((v.has_value() && v->size() == mib && *v == big_text(i)), "big string " << i << " came back wrong");
    }
    BOOST_TEST(other.join());
    BOOST_TEST(there.empty());
    BOOST_TEST(back.empty());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_queued_lock_is_taken_by_the_other_contender, Q, queue_spellings)
{
    using lock_type = lock_for<Q>;
    with_item<Q, lock_type> locks;
    with_item<Q, int> to_parent;
    with_item<Q, int> to_child;
    lock_type l;
    locks.put(l);
    background_contenders other(is_shared(locks), 1, [&](int) {
        const std::optional<lock_type> got = locks.get_for(20s);
        if (!expect(got.has_value(), "no lock arrived"))
            return false;
        lock_type mine = *got;
        mine.lock();
        to_parent.put(1); // "I hold it"
        const bool told = holds(to_child.get_for(20s), 2);
        mine.unlock();
        to_parent.put(3); // "released"
        return expect(told, "the parent did not answer");
    });
    BOOST_TEST(holds(to_parent.get_for(20s), 1));
    BOOST_TEST(l.locked()); // the very lock the parent put in
    BOOST_TEST(!l.try_lock());
    to_child.put(2);
    BOOST_TEST(holds(to_parent.get_for(20s), 3));
    BOOST_TEST(other.join());
    BOOST_TEST(!l.locked());
    BOOST_TEST(l.try_lock());
    l.unlock();
    BOOST_TEST(locks.empty());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_queued_lock_outlives_its_other_handles, Q, queue_spellings)
{
    using lock_type = lock_for<Q>;
    with_item<Q, lock_type> q;
    {
        lock_type l;
        q.put(l);
        q.put(l);
    } // every other handle is gone: only the queue refers to the lock
    lock_type other; // would reuse the lock's memory, had the queue not kept it
    other.lock();
    lock_type a = q.get();
    BOOST_TEST(!(a == other));
    BOOST_TEST(!a.locked());
    a.lock();
    BOOST_TEST(a.locked());
    lock_type b = q.get(); // the same lock, through its second record
    BOOST_TEST((a == b));
    BOOST_TEST(b.locked());
    BOOST_TEST(!b.try_lock());
    a.unlock();
    BOOST_TEST(!b.locked());
    BOOST_TEST(other.locked());
    other.unlock();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(destroying_a_queue_releases_the_locks_in_it, Q, queue_spellings)
{
    using lock_type = lock_for<Q>;
    if (!is_shared(with_item<Q, int>())) {
        // In process the items are the handles themselves: the one taken out
        // is the lock put in, and the queue's destructor destroys those still
        // queued, as the lock's count of handles shows.
        lock_type l;
        const auto handles = [&] { return queue_test::state_of(l).get()->references.load(); };
        std::optional<lock_type> got;
        {
            with_item<Q, lock_type> q;
            q.put(l);
            q.put(l);
            BOOST_TEST(handles() == 3u);
            got = q.get();
            BOOST_TEST((*got == l));
            got->lock();
            BOOST_TEST(l.locked()); // locked through the handle that crossed the queue
            BOOST_TEST(!l.try_lock());
            got->unlock();
            BOOST_TEST(handles() == 3u); // l, got and the one still queued
        }
        BOOST_TEST(handles() == 2u);
        BOOST_TEST(!l.locked());
        return;
    }
    const auto cycle = [] {
        with_item<Q, lock_type> q;
        lock_type l;
        q.put(l);
        q.put(l);
        q.put(lock_type());
        lock_type got = q.get(); // one reference transferred out, two left queued
        got.lock();
        BOOST_TEST(l.locked());
        got.unlock();
    };
    cycle(); // the first one makes the per-process and per-thread parts once
    ft::detail::shared_segment& segment = ft::detail::shared_segment::instance();
    const std::size_t before = segment.free_memory();
    for (int i = 0; i < 3; ++i)
        cycle();
    BOOST_TEST(segment.free_memory() == before); // queue, chunks and both locks freed
}

BOOST_AUTO_TEST_CASE_TEMPLATE(join_waits_for_task_done_in_other_contenders, Q, queue_spellings)
{
    constexpr int items = 2'000;
    constexpr int workers = 2;
    Q q;
    freethreading_test::shared_page<std::atomic<int>> processed(0);
    background_contenders pool(is_shared(q), workers, [&](int) {
        for (;;) {
            const std::optional<int> v = q.get_for(20s);
            if (!expect(v.has_value(), "worker timed out"))
                return false;
            if (*v < 0) {
                q.task_done();
                return true;
            }
            processed->fetch_add(1); // before task_done: join must see it
            q.task_done();
        }
    });
    for (int i = 0; i < items; ++i)
        q.put(i);
    for (int i = 0; i < workers; ++i)
        q.put(-1);
    BOOST_TEST(q.join_for(30s));
    BOOST_TEST(processed->load() == items); // join returned only after every task_done
    BOOST_TEST(pool.join());
    BOOST_TEST(q.empty());
    BOOST_TEST(q.join_for(0ms));
    BOOST_TEST(freethreading_test::count_children() == 0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_bounded_queue_holds_back_a_fast_producer, Q, queue_spellings)
{
    constexpr int n = 40;
    constexpr int bound = 4;
    Q q(bound);
    freethreading_test::shared_page<std::atomic<int>> completed(0); // puts that returned
    background_contenders producer(is_shared(q), 1, [&](int) {
        for (int i = 0; i < n; ++i) {
            q.put(i); // blocks while the queue is full
            completed->fetch_add(1);
        }
        return true;
    });
    int most_ahead = 0;
    bool order_ok = true, bound_ok = true;
    for (int got = 0; got < n;) {
        const std::optional<int> v = q.get_for(20s);
        if (!v.has_value()) {
            BOOST_ERROR("the producer stalled after " << got << " items");
            break;
        }
        order_ok = order_ok && *v == got;
        ++got;
        std::this_thread::sleep_for(1ms); // a slow consumer: the producer catches up
        // With `got` items taken, at most got + bound can have been put.
        const int ahead = completed->load() - got;
        bound_ok = bound_ok && ahead <= bound && q.size() <= std::size_t(bound);
        most_ahead = std::max(most_ahead, ahead);
    }
    BOOST_TEST(order_ok);
    BOOST_TEST(bound_ok);
    BOOST_TEST(most_ahead == bound); // the producer did fill the queue and wait
    BOOST_TEST(producer.join());
    BOOST_TEST(q.empty());
    BOOST_TEST(freethreading_test::count_children() == 0);
}
