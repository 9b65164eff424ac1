//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// FREETHREADING_SHM_SIZE is read when the segment is made, so each case runs
// in a child of a parent that never makes one.

#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <system_error>

namespace ftd = freethreading::detail;
using freethreading_test::run_in_child;

BOOST_AUTO_TEST_CASE(parent_has_no_segment)
{
    BOOST_TEST(ftd::shared_segment::existing() == nullptr);
}

BOOST_AUTO_TEST_CASE(configured_size_is_used)
{
    auto s = run_in_child([] {
        ::setenv("FREETHREADING_SHM_SIZE", "4M", 1);
        return ftd::shared_segment::existing() == nullptr &&
               ftd::shared_segment::instance().size() == 4u * 1024 * 1024;
    });
    BOOST_TEST(s.exited_with(0));
}

BOOST_AUTO_TEST_CASE(default_size_is_used)
{
    auto s = run_in_child([] {
        ::unsetenv("FREETHREADING_SHM_SIZE");
        return ftd::shared_segment::instance().size() == ftd::default_segment_size();
    });
    BOOST_TEST(s.exited_with(0));
}

BOOST_AUTO_TEST_CASE(bad_size_names_value_and_grammar)
{
    auto s = run_in_child([] {
        ::setenv("FREETHREADING_SHM_SIZE", "lots", 1);
        try {
            ftd::shared_segment::instance();
        } catch (const std::invalid_argument& e) {
            const std::string what = e.what();
            return what.find("'lots'") != std::string::npos &&
                   what.find("<digits>[K|M|G]") != std::string::npos &&
                   ftd::shared_segment::existing() == nullptr;
        }
        return false;
    });
    BOOST_TEST(s.exited_with(0));
}

BOOST_AUTO_TEST_CASE(impossible_size_is_a_system_error_naming_the_variable)
{
    auto s = run_in_child([] {
        // Limit the address space below the requested size so mmap must fail.
        const rlimit limit{std::size_t(3) << 30, std::size_t(3) << 30};
        if (::setrlimit(RLIMIT_AS, &limit) != 0)
            return false;
        ::setenv("FREETHREADING_SHM_SIZE", "4G", 1);
        try {
            ftd::shared_segment::instance();
        } catch (const std::system_error& e) {
            const std::string what = e.what();
            return what.find("FREETHREADING_SHM_SIZE=4G") != std::string::npos &&
                   what.find("vm.overcommit_memory=") != std::string::npos;
        }
        return false;
    });
    BOOST_TEST(s.exited_with(0));
}
