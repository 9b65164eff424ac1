//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_SRC_IPC_CHILD_EXIT_HPP
#define FREETHREADING_CORE_SRC_IPC_CHILD_EXIT_HPP

// The child's side of child_process, shared by both launchers.

#include <freethreading/core/ipc/child_launcher.hpp>
#include <freethreading/core/ipc/child_process.hpp>

#include <cstddef>
#include <span>

namespace freethreading::detail {

/** Runs `main(argument)` in a new child and ends the child through the
    library's exit path (child_launcher): the code goes to `slot` (also from
    `std::exit` and the fatal signals), the streams are flushed, the
    process's shared references released, and the child `_exit`s. Called in
    the child's only thread once its launcher has prepared it. */
[[noreturn]] void run_child(child_main main, std::span<const std::byte> argument, child_exit_slot* slot) noexcept;

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_SRC_IPC_CHILD_EXIT_HPP
