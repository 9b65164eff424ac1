//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/detail/embedded_python.hpp>

#include <cstddef>
#include <cstring>
#include <dlfcn.h>
#include <link.h>

namespace freethreading::detail {

namespace {

template <class Fn>
void resolve(void* handle, const char* name, Fn& out) noexcept
{
    if (void* p = ::dlsym(handle, name)) {
        out = reinterpret_cast<Fn>(p);
        return;
    }
    // A failed dlsym leaves its message in a buffer that glibc frees only at
    // the dlerror() call after the one that returned it: take it and let it
    // go, or each thread that looked keeps (and leak checkers report) it.
    (void)::dlerror();
    (void)::dlerror();
}

void resolve_all(void* handle, embedded_python& py) noexcept
{
    resolve(handle, "Py_IsInitialized", py.is_initialized);
    resolve(handle, "Py_GetVersion", py.get_version);
    resolve(handle, "PyOS_BeforeFork", py.before_fork);
    resolve(handle, "PyOS_AfterFork_Parent", py.after_fork_parent);
    resolve(handle, "PyOS_AfterFork_Child", py.after_fork_child);
    resolve(handle, "PyGILState_Check", py.gil_check);
    resolve(handle, "PyGILState_Ensure", py.gil_ensure);
    resolve(handle, "PyGILState_Release", py.gil_release);
    resolve(handle, "PyEval_SaveThread", py.save_thread);
    resolve(handle, "PyEval_RestoreThread", py.restore_thread);
}

// A libpython loaded with RTLD_LOCAL is invisible to RTLD_DEFAULT; find it
// among the loaded objects and look its symbols up through its own handle.
int find_local_libpython(dl_phdr_info* info, std::size_t, void* data) noexcept
{
    const char* name = info->dlpi_name;
    if (name == nullptr || std::strstr(name, "libpython") == nullptr)
        return 0;
    void* handle = ::dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
    if (handle == nullptr)
        return 0;
    auto& py = *static_cast<embedded_python*>(data);
    resolve_all(handle, py);
    // RTLD_NOLOAD took a reference; the object stays loaded by its owner.
    ::dlclose(handle);
    return py.is_initialized != nullptr ? 1 : 0;
}

// How many objects were ever loaded and unloaded: the set of loaded objects
// is unchanged exactly while both counts are.
struct loaded_objects
{
    unsigned long long adds = 0;
    unsigned long long subs = 0;
    bool known = false;
    bool operator==(const loaded_objects&) const = default;
};

int read_counts(dl_phdr_info* info, std::size_t size, void* data) noexcept
{
    auto& counts = *static_cast<loaded_objects*>(data);
    if (size >= offsetof(dl_phdr_info, dlpi_subs) + sizeof info->dlpi_subs)
        counts = loaded_objects{info->dlpi_adds, info->dlpi_subs, true};
    return 1; // the first object is enough
}

} // namespace

embedded_python find_embedded_python() noexcept
{
    // The lookup searches every loaded object several times (its cost:
    // doc/design-notes.md, core) and runs before every fork, so each thread
    // keeps its last answer while no object has been loaded or unloaded
    // since. A thread-local cache needs no lock that a fork could copy held.
    thread_local loaded_objects seen;
    thread_local embedded_python cached;
    loaded_objects now;
    ::dl_iterate_phdr(read_counts, &now);
    if (now.known && now == seen)
        return cached;
    embedded_python py;
    resolve_all(RTLD_DEFAULT, py);
    if (py.is_initialized == nullptr)
        ::dl_iterate_phdr(find_local_libpython, &py);
    seen = now;
    cached = py;
    return py;
}

bool gil_python_is_running() noexcept
{
    const embedded_python py = find_embedded_python();
    if (py.is_initialized == nullptr || py.is_initialized() == 0)
        return false;
    // 3.13 writes "experimental free-threading build", 3.14+ "free-threading build".
    const char* version = py.get_version != nullptr ? py.get_version() : nullptr;
    return version == nullptr || std::strstr(version, "free-threading build") == nullptr;
}

} // namespace freethreading::detail
