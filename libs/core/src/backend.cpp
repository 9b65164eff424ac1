//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/backend.hpp>
#include <freethreading/core/detail/embedded_python.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>

namespace freethreading {

namespace {

constexpr int unresolved = -1;

// The resolved backend, or `unresolved`. Read without the mutex on the hot
// path (every facade construction); written once under it.
std::atomic<int> resolved{unresolved};

std::mutex& resolution_mutex()
{
    static std::mutex& m = detail::make_fork_guard(); // never destroyed: daemon threads may resolve at exit
    return m;
}

const bool fork_hooks_registered = detail::register_fork_guard<resolution_mutex>();

backend resolve_from_environment()
{
    if (const char* value = std::getenv("FREETHREADING_BACKEND")) {
        const std::string_view v(value);
        if (v == to_string(backend::threading))
            return backend::threading;
        if (v == to_string(backend::multiprocessing))
            return backend::multiprocessing;
        throw std::invalid_argument("freethreading: FREETHREADING_BACKEND='" + std::string(v) +
                                    "' is not a backend; valid values are 'threading' and "
                                    "'multiprocessing' (or call freethreading::set_backend)");
    }
    return detail::gil_python_is_running() ? backend::multiprocessing : backend::threading;
}

} // namespace

void set_backend(backend b)
{
    (void)fork_hooks_registered;
    std::lock_guard<std::mutex> guard(resolution_mutex());
    const int current = resolved.load(std::memory_order_acquire);
    if (current == unresolved) {
        resolved.store(static_cast<int>(b), std::memory_order_release);
        return;
    }
    if (current != static_cast<int>(b))
        throw std::logic_error("freethreading::set_backend(" + std::string(to_string(b)) +
                               "): the backend was already resolved to " +
                               std::string(to_string(static_cast<backend>(current))) +
                               "; call set_backend before the first facade or get_backend()");
}

backend get_backend()
{
    const int current = resolved.load(std::memory_order_acquire);
    if (FREETHREADING_LIKELY(current != unresolved))
        return static_cast<backend>(current);
    std::lock_guard<std::mutex> guard(resolution_mutex());
    int again = resolved.load(std::memory_order_relaxed);
    if (again == unresolved) {
        again = static_cast<int>(resolve_from_environment()); // throws: stays unresolved
        resolved.store(again, std::memory_order_release);
    }
    return static_cast<backend>(again);
}

} // namespace freethreading
