//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_CONCEPTS_HPP
#define FREETHREADING_WORKER_CONCEPTS_HPP

#include <freethreading/worker/worker_info.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>

namespace freethreading {

/** Python's `Worker` (a `Thread` or a `Process`), as a handle. */
template <class W>
concept worker_like =
    std::copy_constructible<W> && std::equality_comparable<W> &&
    requires(W& w, const W& cw, std::chrono::milliseconds d, std::chrono::steady_clock::time_point t) {
        w.start();
        w.join();
        { w.join_for(d) } -> std::same_as<bool>;
        { w.join_until(t) } -> std::same_as<bool>;
        { w.is_alive() } -> std::same_as<bool>;
        { cw.name() } -> std::same_as<std::string>;
        w.set_name(std::string());
        { cw.daemon() } -> std::same_as<bool>;
        w.set_daemon(true);
        { cw.ident() } -> std::same_as<std::optional<ident_type>>;
        { cw.exitcode() } -> std::same_as<std::optional<int>>;
        w.request_stop();
        { cw.native_handle() } -> std::same_as<std::uint64_t>;
    };

} // namespace freethreading

#endif // FREETHREADING_WORKER_CONCEPTS_HPP
