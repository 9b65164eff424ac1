//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_EMBEDDED_PYTHON_HPP
#define FREETHREADING_CORE_DETAIL_EMBEDDED_PYTHON_HPP

#include <freethreading/core/config.hpp>

namespace freethreading::detail {

/** The CPython entry points freethreading uses, found at run time in the
    process (never linked). Every pointer is null when no libpython is loaded. */
struct embedded_python
{
    int (*is_initialized)() = nullptr;           // Py_IsInitialized
    const char* (*get_version)() = nullptr;      // Py_GetVersion
    void (*before_fork)() = nullptr;             // PyOS_BeforeFork
    void (*after_fork_parent)() = nullptr;       // PyOS_AfterFork_Parent
    void (*after_fork_child)() = nullptr;        // PyOS_AfterFork_Child
    int (*gil_check)() = nullptr;                // PyGILState_Check
    int (*gil_ensure)() = nullptr;               // PyGILState_Ensure (an enum, an int in the ABI)
    void (*gil_release)(int) = nullptr;          // PyGILState_Release
    void* (*save_thread)() = nullptr;            // PyEval_SaveThread (a PyThreadState*)
    void (*restore_thread)(void*) = nullptr;     // PyEval_RestoreThread

    /** An initialized interpreter with every entry point a fork needs:
        the fork hooks and the GIL calls around them. */
    bool can_fork_with_hooks() const noexcept
    {
        return is_initialized != nullptr && before_fork != nullptr && after_fork_parent != nullptr &&
               after_fork_child != nullptr && gil_check != nullptr && gil_ensure != nullptr &&
               gil_release != nullptr && save_thread != nullptr && restore_thread != nullptr &&
               is_initialized() != 0;
    }
};

/** Looks the entry points up with `dlsym(RTLD_DEFAULT, …)`, falling back to
    a libpython loaded `RTLD_LOCAL` (found with `dl_iterate_phdr`). Not cached:
    Python may be loaded later. */
FREETHREADING_CORE_DECL embedded_python find_embedded_python() noexcept;

/** True when an initialized CPython with a global interpreter lock runs in
    this process (DESIGN §1 rule 3). */
FREETHREADING_CORE_DECL bool gil_python_is_running() noexcept;

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_EMBEDDED_PYTHON_HPP
