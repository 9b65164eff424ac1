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
#include <freethreading/core/ipc/process_spawner.hpp>

#include <Python.h>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <sys/wait.h>
#include <unistd.h>

namespace ft = freethreading;

// CPython does not free all it allocated when Py_FinalizeEx returns (its
// documentation says so: modules and thread states of an embedded
// interpreter stay allocated); LeakSanitizer reports those blocks under the
// asan preset. Only the interpreter's own allocations are let go.
extern "C" __attribute__((visibility("default"))) const char* __lsan_default_suppressions()
{
    return "leak:libpython\n";
}

namespace {

void child_exits_7(void*) noexcept
{
    ::_exit(7);
}

int exit_code_of(const ft::detail::spawned_process& p)
{
    int status = 0;
    if (::waitpid(p.pid, &status, 0) != p.pid || !WIFEXITED(status))
        return -1;
    if (p.pidfd >= 0)
        ::close(p.pidfd);
    return WEXITSTATUS(status);
}

} // namespace

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

    // Forks with the GIL held by the caller, and with no thread holding it
    // (a C++ program that released it, or a call made outside Python): the
    // child runs and exits with its code either way, and the caller holds
    // the GIL again afterwards exactly when it held it before.
    BOOST_TEST(PyGILState_Check() == 1);
    BOOST_TEST(exit_code_of(ft::detail::spawn_process(&child_exits_7, nullptr)) == 7);
    BOOST_TEST(PyGILState_Check() == 1);
    BOOST_TEST(PyRun_SimpleString("import os; assert os.getpid() > 0") == 0);
    PyThreadState* const saved = PyEval_SaveThread();
    BOOST_TEST(PyGILState_Check() == 0);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(exit_code_of(ft::detail::spawn_process(&child_exits_7, nullptr)) == 7);
    BOOST_TEST(PyGILState_Check() == 0);
    PyEval_RestoreThread(saved);
    BOOST_TEST(PyRun_SimpleString("import threading; t = threading.Thread(target=sum, args=([1],)); t.start(); t.join()") == 0);

    Py_FinalizeEx();
    // Resolved once: finalizing Python does not change the backend.
    BOOST_TEST(ft::get_backend() == ft::backend::multiprocessing);
}
