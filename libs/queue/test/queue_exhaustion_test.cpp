//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// queue<T> when the shared segment runs out (DESIGN §4.2, §6). An unbounded
// shared queue grows by chunks that the producer allocates from the segment,
// so in a 1 MiB segment a few 64 KiB items exhaust it. The put that cannot
// grow the queue throws segment_exhausted_error and enqueues nothing (not
// even a task count); every item queued before it reaches a consumer in
// another process once, whole and in order; and the memory of the drained
// chunks serves later puts.

#include <freethreading/queue.hpp>

#include <freethreading/core/backend.hpp>
#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/handle_table.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/contenders.hpp>

#include "queue_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <typeinfo>

namespace ft = freethreading;

namespace {

using namespace std::chrono_literals;

constexpr std::size_t kib = 1024;
constexpr std::size_t mib = 1024 * kib;
constexpr std::size_t item_bytes = 64 * kib;
constexpr int most_items = 64; // 4 MiB of items: a 1 MiB segment runs out long before

/** Sets the segment's size before anything makes the segment: it is read
    once, when the first multiprocessing object makes it. */
struct small_segment
{
    small_segment()
    {
        made_before = ft::detail::shared_segment::existing() != nullptr;
        ::setenv("FREETHREADING_SHM_SIZE", "1M", 1);
    }

    static inline bool made_before = false;
};

// Item i: 64 KiB whose every byte depends on i (29 is odd, so two items of
// fewer than 256 differ in every byte), so a torn or misplaced item shows.
std::string item(int i)
{
    std::string s(item_bytes, '\0');
    for (std::size_t k = 0; k < s.size(); ++k)
        s[k] = static_cast<char>((k * 131 + static_cast<std::size_t>(i) * 29 + (k >> 10)) & 0xff);
    return s;
}

/** What the consumer process got. */
struct drain_report
{
    std::atomic<int> delivered{0};    // items 0, 1, ... received whole and in order
    std::atomic<int> first_wrong{-1}; // the first item missing or wrong
};

/** Puts items first, first + 1, ... until a put throws; returns how many
    were queued. The failing put must throw segment_exhausted_error and leave
    the queue as it was. */
template <class Q>
int fill_until_exhausted(Q& q, int first)
{
    for (int i = first; i < first + most_items; ++i) {
        const std::size_t before = q.size();
        try {
            q.put(item(i));
        } catch (const ft::segment_exhausted_error& e) {
            BOOST_TEST(q.size() == before, "the put that failed changed the size");
            BOOST_TEST(e.requested() >= item_bytes);
            BOOST_TEST(std::string(e.what()).find("FREETHREADING_SHM_SIZE") != std::string::npos);
            return i - first;
        } catch (const std::exception& e) {
            BOOST_ERROR("put threw " << typeid(e).name() << " (" << e.what() << "), not segment_exhausted_error");
            return -1;
        }
        BOOST_TEST(q.size() == before + 1);
    }
    BOOST_ERROR(most_items << " items of 64 KiB fit in a 1 MiB segment");
    return most_items;
}

template <class Q>
void exhaust_then_drain_in_another_process()
{
    BOOST_TEST(!small_segment::made_before, "the segment was made before the fixture set its size");
    Q q; // unbounded
    BOOST_TEST_REQUIRE(queue_test::is_shared(q));
    BOOST_TEST_REQUIRE(ft::detail::shared_segment::instance().size() == mib);

    const int n = fill_until_exhausted(q, 0);
    BOOST_TEST_MESSAGE(n << " items of 64 KiB filled the 1 MiB segment");
    BOOST_TEST_REQUIRE(n >= 2);
    BOOST_TEST(q.size() == std::size_t(n));
    BOOST_TEST(!q.join_for(0ms)); // n tasks unfinished

    freethreading_test::shared_page<drain_report> r;
    const pid_t consumer = freethreading_test::start_child([&] {
        bool ok = true;
        for (int i = 0; ok && i < n; ++i) {
            const std::optional<std::string> v = q.get_for(10s);
            ok = v.has_value() && *v == item(i);
            if (!ok)
                r->first_wrong.store(i);
            else
                r->delivered.store(i + 1);
            q.task_done();
        }
        return ok; // start_child releases the references the fork gave it
    });
    BOOST_TEST(freethreading_test::wait_child(consumer).exited_with(0));
    BOOST_TEST(r->delivered.load() == n);
    BOOST_TEST(r->first_wrong.load() == -1);
    // Nothing is left: no item twice, and not the one whose put failed.
    BOOST_TEST(q.empty());
    BOOST_TEST(!q.try_get().has_value());
    BOOST_TEST(q.join_for(0ms)); // the failed put left no task to wait for

    // The chunks the consumer drained are free again: an item fits, and then
    // nearly as many as before (the consumer keeps the chunk of the last item
    // it took until its next get).
    q.put(item(n));
    BOOST_TEST(q.size() == 1u);
    const int m = fill_until_exhausted(q, n + 1);
    BOOST_TEST_MESSAGE(1 + m << " items fit again after draining");
    BOOST_TEST(1 + m >= n - 1, "only " << 1 + m << " items fit after draining, " << n << " before");
    int in_order = 0;
    for (int i = n; i <= n + m; ++i) {
        const std::optional<std::string> v = q.try_get();
        in_order += v.has_value() && *v == item(i);
        q.task_done();
    }
    BOOST_TEST(in_order == 1 + m);
    BOOST_TEST(q.empty());
    BOOST_TEST(q.join_for(0ms));
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(small_segment);

BOOST_AUTO_TEST_CASE(a_multiprocessing_queue_throws_segment_exhausted_and_recovers)
{
    exhaust_then_drain_in_another_process<ft::multiprocessing::queue<std::string>>();
}

BOOST_AUTO_TEST_CASE(the_facade_throws_segment_exhausted_on_multiprocessing)
{
    if (ft::get_backend() == ft::backend::multiprocessing) {
        exhaust_then_drain_in_another_process<ft::queue<std::string>>();
        return;
    }
    // On threading the facade keeps its items on the heap: more than the
    // whole segment fits, and the segment is not involved.
    ft::queue<std::string> q;
    BOOST_TEST(!queue_test::is_shared(q));
    const int n = static_cast<int>(2 * mib / item_bytes);
    for (int i = 0; i < n; ++i)
        q.put(item(i));
    BOOST_TEST(q.size() == std::size_t(n));
    int in_order = 0;
    for (int i = 0; i < n; ++i)
        in_order += q.get() == item(i);
    BOOST_TEST(in_order == n);
}
