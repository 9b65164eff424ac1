//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A program that embeds CPython with a GIL resolves to the multiprocessing
// backend (DESIGN §1 rule 3): the library finds the interpreter with dlsym,
// without linking Python itself.

#include <freethreading/core/backend.hpp>
#include <freethreading/core/detail/embedded_python.hpp>

#include <Python.h>

#include <boost/test/unit_test.hpp>

#include <cstdlib>

namespace ft = freethreading;

BOOST_AUTO_TEST_CASE(initialized_gil_python_selects_multiprocessing)
{
    ::unsetenv("FREETHREADING_BACKEND");
    const auto py = ft::detail::find_embedded_python();
    BOOST_TEST(py.is_initialized != nullptr);
    BOOST_TEST(py.get_version != nullptr);
    BOOST_TEST(py.before_fork != nullptr);
    BOOST_TEST(!ft::detail::gil_python_is_running()); // not initialized yet

    Py_Initialize();
    BOOST_TEST(ft::detail::gil_python_is_running());
    BOOST_TEST(ft::get_backend() == ft::backend::multiprocessing);

    Py_FinalizeEx();
    // Resolved once: finalizing Python does not change the backend.
    BOOST_TEST(ft::get_backend() == ft::backend::multiprocessing);
}
