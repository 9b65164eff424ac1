//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Every branch of the backend rule (DESIGN §1). The rule is applied once per
// process, so each case runs in a fresh forked child of a parent that never
// resolves the backend itself.

#include <freethreading/core/backend.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace ft = freethreading;
using freethreading_test::run_in_child;

BOOST_AUTO_TEST_CASE(to_string_names_both_backends)
{
    static_assert(ft::to_string(ft::backend::threading) == "threading");
    static_assert(ft::to_string(ft::backend::multiprocessing) == "multiprocessing");
    static_assert(sizeof(ft::backend) == 1);
    BOOST_TEST(ft::to_string(ft::backend::threading) == "threading");
}

BOOST_AUTO_TEST_CASE(unset_environment_resolves_to_threading)
{
    auto s = run_in_child([] {
        ::unsetenv("FREETHREADING_BACKEND");
        return ft::get_backend() == ft::backend::threading &&
               ft::get_backend() == ft::backend::threading;
    });
    BOOST_TEST(s.exited_with(0));
}

BOOST_AUTO_TEST_CASE(environment_selects_each_backend)
{
    auto mp = run_in_child([] {
        ::setenv("FREETHREADING_BACKEND", "multiprocessing", 1);
        return ft::get_backend() == ft::backend::multiprocessing;
    });
    BOOST_TEST(mp.exited_with(0));
    auto th = run_in_child([] {
        ::setenv("FREETHREADING_BACKEND", "threading", 1);
        return ft::get_backend() == ft::backend::threading;
    });
    BOOST_TEST(th.exited_with(0));
}

BOOST_AUTO_TEST_CASE(bogus_environment_throws_until_set_backend)
{
    auto s = run_in_child([] {
        ::setenv("FREETHREADING_BACKEND", "bogus", 1);
        for (int attempt = 0; attempt < 2; ++attempt) {
            try {
                ft::get_backend();
                return false;
            } catch (const std::invalid_argument& e) {
                const std::string what = e.what();
                if (what.find("bogus") == std::string::npos ||
                    what.find("'threading'") == std::string::npos ||
                    what.find("'multiprocessing'") == std::string::npos)
                    return false;
            }
        }
        ft::set_backend(ft::backend::multiprocessing);
        return ft::get_backend() == ft::backend::multiprocessing;
    });
    BOOST_TEST(s.exited_with(0));
}

BOOST_AUTO_TEST_CASE(set_backend_wins_over_environment)
{
    auto s = run_in_child([] {
        ::setenv("FREETHREADING_BACKEND", "threading", 1);
        ft::set_backend(ft::backend::multiprocessing);
        return ft::get_backend() == ft::backend::multiprocessing;
    });
    BOOST_TEST(s.exited_with(0));
}

BOOST_AUTO_TEST_CASE(set_backend_after_resolution)
{
    auto s = run_in_child([] {
        ::unsetenv("FREETHREADING_BACKEND");
        if (ft::get_backend() != ft::backend::threading)
            return false;
        ft::set_backend(ft::backend::threading); // same value: a no-op
        try {
            ft::set_backend(ft::backend::multiprocessing);
        } catch (const std::logic_error& e) {
            return std::string(e.what()).find("already resolved") != std::string::npos &&
                   ft::get_backend() == ft::backend::threading;
        }
        return false;
    });
    BOOST_TEST(s.exited_with(0));
}

BOOST_AUTO_TEST_CASE(resolution_is_inherited_by_forked_children)
{
    auto s = run_in_child([] {
        ::setenv("FREETHREADING_BACKEND", "multiprocessing", 1);
        ft::get_backend();
        ::setenv("FREETHREADING_BACKEND", "threading", 1); // too late to matter
        auto grandchild = run_in_child([] { return ft::get_backend() == ft::backend::multiprocessing; });
        return grandchild.exited_with(0);
    });
    BOOST_TEST(s.exited_with(0));
}
