//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The segment has no name (DESIGN §6, security): it is one shared anonymous
// mapping, so no other process — of another user or not — can open it, and
// nothing is left behind when the program ends. Shown from the kernel's side:
// nothing new appears in /dev/shm while a segment is made, used and shared
// with a child; /proc/self/maps shows the whole segment as one shared (`s`)
// mapping of anonymous memory (the kernel's `/dev/zero (deleted)`, or
// `[anon_shmem…]`), in the parent and in the child alike; and no mapping of
// the process comes from /dev/shm or a memfd.

#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace ftd = freethreading::detail;

namespace {

std::set<std::string> dev_shm_names()
{
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/dev/shm", ec))
        names.insert(e.path().filename().string());
    return names;
}

/** One line of /proc/self/maps. */
struct mapping
{
    std::uintptr_t begin = 0;
    std::uintptr_t end = 0;
    std::string permissions; // e.g. "rw-s"
    std::string path;        // empty for private anonymous memory
};

std::vector<mapping> read_maps()
{
    std::vector<mapping> maps;
    std::ifstream in("/proc/self/maps");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string range, offset, device, inode;
        mapping m;
        fields >> range >> m.permissions >> offset >> device >> inode;
        std::getline(fields >> std::ws, m.path);
        const auto dash = range.find('-');
        m.begin = std::stoull(range.substr(0, dash), nullptr, 16);
        m.end = std::stoull(range.substr(dash + 1), nullptr, 16);
        maps.push_back(m);
    }
    return maps;
}

/** The mapping that holds `p`, if any. */
std::optional<mapping> mapping_of(const void* p)
{
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    for (const mapping& m : read_maps())
        if (at >= m.begin && at < m.end)
            return m;
    return std::nullopt;
}

bool is_shared_anonymous(const mapping& m)
{
    return m.permissions.size() == 4 && m.permissions[3] == 's' &&
           (m.path == "/dev/zero (deleted)" || m.path.rfind("[anon_shmem", 0) == 0);
}

/** Whether the whole segment [base, base + size) is one shared anonymous mapping. */
bool segment_is_shared_anonymous(const ftd::shared_segment& segment)
{
    const char* base = static_cast<const char*>(segment.address_of_unchecked(0));
    const std::optional<mapping> m = mapping_of(base);
    return m && is_shared_anonymous(*m) && m->begin <= reinterpret_cast<std::uintptr_t>(base) &&
           m->end >= reinterpret_cast<std::uintptr_t>(base) + segment.size();
}

bool no_named_shared_memory()
{
    for (const mapping& m : read_maps())
        if (m.path.rfind("/dev/shm/", 0) == 0 || m.path.rfind("/memfd:", 0) == 0)
            return false;
    return true;
}

} // namespace

BOOST_AUTO_TEST_CASE(segment_is_anonymous_shared_memory_in_parent_and_child)
{
    const std::set<std::string> before = dev_shm_names();

    auto& segment = ftd::shared_segment::instance();
    auto* value = segment.construct<std::atomic<int>>(1);
    BOOST_TEST(segment_is_shared_anonymous(segment));
    BOOST_TEST(no_named_shared_memory());
    const std::optional<mapping> m = mapping_of(value);
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST_MESSAGE("the segment's mapping: " << m->permissions << " " << m->path);

    // The child sees the same memory through the mapping it inherited: still
    // shared and anonymous, and writes cross.
    const auto child = freethreading_test::run_in_child([&] {
        auto& inherited = ftd::shared_segment::instance();
        if (&inherited != &segment || !segment_is_shared_anonymous(inherited) || !no_named_shared_memory())
            return false;
        value->store(2);
        return true;
    });
    BOOST_TEST(child.exited_with(0));
    BOOST_TEST(value->load() == 2);
    segment.destroy(value);

    BOOST_TEST(dev_shm_names() == before, "entries appeared in /dev/shm");
}

BOOST_AUTO_TEST_CASE(a_private_mapping_is_not_taken_for_the_segment)
{
    // The check above can fail: ordinary heap memory is private anonymous.
    const auto heap = std::make_unique<int>(0);
    const std::optional<mapping> m = mapping_of(heap.get());
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST(!is_shared_anonymous(*m));
}
