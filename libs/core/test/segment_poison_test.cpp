//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A process killed inside the segment allocator poisons it (DESIGN §6): later
// allocations throw owner_died_error, never a Boost exception, and objects
// made before (a robust lock among them) keep working. Poisoning is permanent, so this is its own program.

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/robust_word.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/interprocess/exceptions.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <csignal>
#include <random>
#include <string>
#include <thread>

namespace ftd = freethreading::detail;

BOOST_AUTO_TEST_CASE(kill_inside_allocator_poisons_segment)
{
    auto& segment = ftd::shared_segment::instance();
    auto* survivor = segment.construct<std::atomic<int>>(1);
    // A robust lock made (and used, which sets up the liveness table) before.
    auto* lock = segment.construct<ftd::robust_word>();
    BOOST_TEST((lock->lock() == ftd::acquire_result::acquired));
    lock->unlock();
    std::mt19937 random(12345);
    std::uniform_int_distribution<int> delay_us(300, 3000);

    int kills = 0;
    bool poisoned = false;
    while (!poisoned && kills < 200) {
        const pid_t child = freethreading_test::start_child([] {
            auto& s = ftd::shared_segment::instance();
            for (std::size_t i = 0;; ++i)
                s.deallocate(s.allocate(16 + (i * 97) % 4096));
            return true;
        });
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
        ::kill(child, SIGKILL);
        BOOST_TEST(freethreading_test::wait_child(child).signal == SIGKILL);
        ++kills;
        try {
            segment.deallocate(segment.allocate(64));
        } catch (const freethreading::owner_died_error& e) {
            BOOST_TEST(std::string(e.what()).find("segment allocator owner died") != std::string::npos);
            poisoned = true;
        } catch (const boost::interprocess::interprocess_exception& e) {
            BOOST_FAIL("a Boost exception escaped: " << e.what());
        }
    }
    BOOST_TEST_MESSAGE("poisoned after " << kills << " kills");
    BOOST_TEST_REQUIRE(poisoned);
    BOOST_TEST(segment.poisoned());

    // Every later allocation reports the same, in this process and in children.
    BOOST_CHECK_THROW(segment.allocate(8), freethreading::owner_died_error);
    auto s = freethreading_test::run_in_child([] {
        try {
            ftd::shared_segment::instance().allocate(8);
        } catch (const freethreading::owner_died_error&) {
            return true;
        }
        return false;
    });
    BOOST_TEST(s.exited_with(0));

    // Objects made before keep working; freeing on a poisoned segment is a no-op.
    survivor->fetch_add(1);
    BOOST_TEST(survivor->load() == 2);
    // The lock still excludes across processes and still changes hands.
    BOOST_TEST((lock->lock() == ftd::acquire_result::acquired));
    BOOST_TEST(freethreading_test::run_in_child([lock] {
                   return lock->try_lock() == ftd::acquire_result::timed_out;
               }).exited_with(0));
    lock->unlock();
    BOOST_TEST(freethreading_test::run_in_child([lock] {
                   if (lock->lock() != ftd::acquire_result::acquired)
                       return false;
                   lock->unlock();
                   return true;
               }).exited_with(0));
    BOOST_TEST((lock->try_lock() == ftd::acquire_result::acquired));
    lock->unlock();
    segment.destroy(lock);
    segment.destroy(survivor);
    BOOST_TEST(freethreading_test::count_children() == 0);
}
