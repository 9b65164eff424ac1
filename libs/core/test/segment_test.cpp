//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The shared segment (DESIGN §6): objects cross forks, exhaustion is a typed
// error that leaves the segment usable, nothing appears in /dev/shm.

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstring>
#include <new>
#include <vector>

namespace ftd = freethreading::detail;
using freethreading_test::run_in_child;

namespace {

struct dev_shm_unchanged
{
    int before = freethreading_test::count_dev_shm();
    ~dev_shm_unchanged() { BOOST_TEST(freethreading_test::count_dev_shm() == before); }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(dev_shm_unchanged);

BOOST_AUTO_TEST_CASE(child_reads_and_changes_parent_object)
{
    auto& segment = ftd::shared_segment::instance();
    auto* value = segment.construct<std::atomic<int>>(41);
    BOOST_TEST(segment.contains(value, sizeof(*value)));
    auto s = run_in_child([&] {
        if (value->load() != 41)
            return false;
        value->store(42);
        return true;
    });
    BOOST_TEST(s.exited_with(0));
    BOOST_TEST(value->load() == 42);
    segment.destroy(value);
}

BOOST_AUTO_TEST_CASE(parent_sees_child_allocations)
{
    auto& segment = ftd::shared_segment::instance();
    auto* slot = segment.construct<std::atomic<std::uint64_t>>(0);
    auto s = run_in_child([&] {
        char* text = static_cast<char*>(ftd::shared_segment::instance().allocate(32));
        std::strcpy(text, "hello from child");
        slot->store(ftd::shared_segment::instance().offset_of(text));
        return true;
    });
    BOOST_TEST(s.exited_with(0));
    char* text = static_cast<char*>(segment.address_of(slot->load()));
    BOOST_TEST(std::strcmp(text, "hello from child") == 0);
    segment.deallocate(text);
    segment.destroy(slot);
}

BOOST_AUTO_TEST_CASE(offsets_round_trip_and_are_checked)
{
    auto& segment = ftd::shared_segment::instance();
    void* p = segment.allocate(100, 64);
    BOOST_TEST(reinterpret_cast<std::uintptr_t>(p) % 64 == 0u);
    BOOST_TEST(segment.address_of(segment.offset_of(p)) == p);
    BOOST_CHECK_THROW(segment.address_of(segment.size()), std::out_of_range);
    BOOST_CHECK_THROW(segment.address_of(0), std::out_of_range);
    BOOST_CHECK_THROW(segment.allocate(8, 3), std::invalid_argument);
    segment.deallocate(p);
}

BOOST_AUTO_TEST_CASE(exhaustion_is_typed_and_leaves_segment_usable)
{
    auto& segment = ftd::shared_segment::instance();
    const std::size_t free_before = segment.free_memory();
    try {
        segment.allocate(segment.size());
        BOOST_FAIL("allocating the whole segment must fail");
    } catch (const freethreading::segment_exhausted_error& e) {
        BOOST_TEST(e.requested() == segment.size());
        BOOST_TEST(e.available() <= segment.size());
        BOOST_TEST(std::string(e.what()).find("FREETHREADING_SHM_SIZE") != std::string::npos);
    }
    // It is a std::bad_alloc, so generic allocation-failure handling applies.
    BOOST_CHECK_THROW(segment.allocate(segment.size()), std::bad_alloc);

    // Fill it with large blocks, then check small ones still fit after freeing.
    std::vector<void*> blocks;
    try {
        for (;;)
            blocks.push_back(segment.allocate(segment.size() / 16));
    } catch (const freethreading::segment_exhausted_error&) {
    }
    BOOST_TEST(blocks.size() >= 8u);
    for (void* b : blocks)
        segment.deallocate(b);
    for (int i = 0; i < 1000; ++i)
        segment.deallocate(segment.allocate(64));
    BOOST_TEST(segment.free_memory() == free_before);
}

BOOST_AUTO_TEST_CASE(singletons_are_shared_across_fork)
{
    auto& segment = ftd::shared_segment::instance();
    auto& counter = segment.singleton<std::atomic<int>>(ftd::segment_singleton::for_tests);
    BOOST_TEST(&segment.singleton<std::atomic<int>>(ftd::segment_singleton::for_tests) == &counter);
    const int before = counter.load();
    auto s = run_in_child([&] {
        auto& again = ftd::shared_segment::instance().singleton<std::atomic<int>>(ftd::segment_singleton::for_tests);
        again.fetch_add(1);
        return &again == &counter;
    });
    BOOST_TEST(s.exited_with(0));
    BOOST_TEST(counter.load() == before + 1);
}

BOOST_AUTO_TEST_CASE(size_grammar)
{
    BOOST_TEST(ftd::parse_segment_size("1M") == 1024u * 1024u);
    BOOST_TEST(ftd::parse_segment_size("4096K") == 4096u * 1024u);
    BOOST_TEST(ftd::parse_segment_size("2G") == 2ull << 30);
    BOOST_TEST(ftd::parse_segment_size("1048576") == 1048576u);
    for (const char* bad : {"", "abc", "12X", "512K", "0", "1.5G", "1MB", "-1M", " 1M", "99999999999999999999G"}) {
        try {
            ftd::parse_segment_size(bad);
            BOOST_ERROR("accepted '" << bad << "'");
        } catch (const std::invalid_argument& e) {
            const std::string what = e.what();
            BOOST_TEST(what.find(std::string("'") + bad + "'") != std::string::npos);
            BOOST_TEST(what.find("<digits>[K|M|G]") != std::string::npos);
        }
    }
    const std::size_t d = ftd::default_segment_size();
    BOOST_TEST(d >= 16u * 1024 * 1024);
    BOOST_TEST(d <= 1024u * 1024 * 1024);
}
