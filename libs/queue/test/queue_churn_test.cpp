//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Load: 10,000 multiprocessing queues made and destroyed across processes,
// each carrying one item, and the segment's free space is back where it
// started. Half are made by four forked children and sent to the parent
// through a queue of queue handles, which drops each after reading its item
// (made in one process, destroyed in another); the other half are made by
// the parent and taken by four competing child consumers, which drop them
// (made by the process that made the segment, freed by others, whose frees
// the segment defers to its next allocation, DESIGN §6). Every item arrives
// exactly once, and nothing leaks: not the queues' states, not their rings'
// chunks, not the handles' references.

#include <freethreading/queue.hpp>

#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>

namespace ft = freethreading;
namespace ftd = freethreading::detail;
using namespace std::chrono_literals;

namespace {

using item_queue = ft::multiprocessing::queue<std::int64_t>;
using handle_queue = ft::multiprocessing::queue<item_queue>;

constexpr int children = 4;
constexpr int per_direction = 5'000;
constexpr int per_child = per_direction / children;

// One flag per queue of a direction: set by whoever read its item.
using seen_flags = std::array<std::atomic<int>, per_direction>;

// Reads the one item of `q` and marks it seen; false for a missing, foreign
// or repeated item.
bool read_item(item_queue& q, seen_flags& seen)
{
    const std::optional<std::int64_t> id = q.get_for(10s);
    if (!id || *id < 0 || *id >= per_direction)
        return false;
    return seen[static_cast<std::size_t>(*id)].fetch_add(1) == 0 && q.empty();
}

bool all_seen_once(const seen_flags& seen)
{
    for (const auto& s : seen)
        if (s.load() != 1)
            return false;
    return true;
}

} // namespace

BOOST_AUTO_TEST_CASE(ten_thousand_queues_made_and_destroyed_across_processes_give_the_segment_back)
{
    auto& segment = ftd::shared_segment::instance();
    {
        // The slab pages and chunks the first queues of each kind take stay
        // with the segment for the next ones: make them before measuring.
        handle_queue warm(1);
        item_queue q;
        q.put(0);
        warm.put(q);
        (void)warm.get();
    }
    const std::size_t free_before = segment.free_memory();
    const auto start = std::chrono::steady_clock::now();

    // Made in the children, destroyed in the parent.
    {
        freethreading_test::shared_page<seen_flags> seen;
        handle_queue to_parent(64);
        freethreading_test::background_contenders makers(true, children, [&](int child) {
            for (int i = 0; i < per_child; ++i) {
                item_queue q;
                q.put(child * per_child + i);
                if (!to_parent.put_for(q, 10s))
                    return false;
            }
            return true;
        });
        int bad = 0;
        for (int n = 0; n < per_direction; ++n) {
            std::optional<item_queue> q = to_parent.get_for(10s);
            if (!q || !read_item(*q, *seen))
                ++bad;
        }
        BOOST_TEST(makers.join());
        BOOST_TEST(bad == 0);
        BOOST_TEST(all_seen_once(*seen));
        BOOST_TEST(to_parent.empty());
    }

    // Made in the parent, destroyed in the children.
    {
        freethreading_test::shared_page<seen_flags> seen;
        handle_queue to_children(64);
        freethreading_test::background_contenders takers(true, children, [&](int) {
            bool ok = true;
            for (int i = 0; i < per_child; ++i) {
                std::optional<item_queue> q = to_children.get_for(10s);
                ok = q && read_item(*q, *seen) && ok;
            }
            return ok;
        });
        bool sent = true;
        for (int id = 0; id < per_direction && sent; ++id) {
            item_queue q;
            q.put(id);
            sent = to_children.put_for(q, 10s);
        }
        BOOST_TEST(sent);
        BOOST_TEST(takers.join());
        BOOST_TEST(all_seen_once(*seen));
        BOOST_TEST(to_children.empty());
    }

    const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_MESSAGE(2 * per_direction << " queues made and destroyed across processes in " << took << " s");
    BOOST_TEST(segment.free_memory() == free_before);
}
