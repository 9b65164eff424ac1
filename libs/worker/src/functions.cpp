//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/worker/detail/registry.hpp>
#include <freethreading/worker/functions.hpp>

#include <freethreading/core/backend.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>

#include <string>

namespace freethreading {

namespace {

bool on_processes()
{
    try {
        return get_backend() == backend::multiprocessing;
    } catch (...) {
        return false; // a bad FREETHREADING_BACKEND is reported by whoever resolves it
    }
}

worker_info main_info()
{
    return worker_info{on_processes() ? "MainProcess" : "MainThread", detail::this_process_id(), false, true};
}

} // namespace

ident_type get_ident() noexcept
{
    return on_processes() ? detail::this_process_id() : detail::this_thread_id();
}

worker_info current_worker()
{
    if (detail::worker_core* w = detail::worker_core::current()) {
        worker_info info = w->info();
        info.alive = true;
        return info;
    }
    if (detail::this_thread_id() == detail::this_process_id())
        return main_info();
    // A thread the library did not start: named as Python names them.
    return worker_info{"Dummy-" + std::to_string(detail::this_thread_id()), detail::this_thread_id(), true, true};
}

std::vector<worker_info> active_children()
{
    std::vector<worker_info> out;
    const detail::worker_core* self = detail::worker_core::current();
    const bool in_main = self == nullptr && detail::this_thread_id() == detail::this_process_id();
    if (!on_processes() && !in_main && detail::process_identity() == nullptr)
        out.push_back(main_info());
    for (const auto& w : detail::registered_workers())
        if (w.get() != self)
            out.push_back(w->info());
    return out;
}

std::vector<worker_info> enumerate()
{
    std::vector<worker_info> out{current_worker()};
    for (worker_info& w : active_children())
        out.push_back(std::move(w));
    return out;
}

std::size_t active_count()
{
    return enumerate().size();
}

} // namespace freethreading
