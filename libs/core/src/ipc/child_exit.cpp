//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// How a child made by a launcher ends: the exit code it writes to its slot on
// every path it can take (DESIGN §6 "Each child writes its exit code to a slot
// in the segment before _exit"), so that its exit code is right even when
// the wait status goes to someone else.

#include "child_exit.hpp"

#include <freethreading/core/ipc/fork_hooks.hpp>
#include <freethreading/core/ipc/handle_table.hpp>
#include <freethreading/core/ipc/process_spawner.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <unistd.h>

namespace freethreading::detail {

namespace {

// This process's exit slot, for the exit paths that do not return through
// run_child (std::exit in the body, fatal signals). A child of a child
// inherits it and replaces it with its own.
std::atomic<int>* own_code = nullptr;

// on_exit handlers are inherited by forks: registered once per line of
// descent, reading own_code when they run.
bool exit_recorder_registered = false;

void record(std::atomic<int>& code, int value) noexcept
{
    int expected = child_exit_slot::unset;
    code.compare_exchange_strong(expected, value, std::memory_order_release, std::memory_order_relaxed);
}

void record_exit(int status, void*) noexcept
{
    if (own_code != nullptr)
        record(*own_code, status);
}

void record_fatal_signal(int sig) noexcept
{
    if (own_code != nullptr)
        record(*own_code, -sig);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

} // namespace

void run_child(child_main main, std::span<const std::byte> argument, child_exit_slot* slot) noexcept
{
    own_code = &slot->code;
    for (const int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL})
        ::signal(sig, record_fatal_signal);
    if (!exit_recorder_registered)
        exit_recorder_registered = ::on_exit(record_exit, nullptr) == 0;
    int code = 1;
    try {
        code = main(argument);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "Exception in child process %d: %s\n", static_cast<int>(this_process_id()), e.what());
    } catch (...) {
        std::fprintf(stderr, "Exception in child process %d: an exception not derived from std::exception\n",
                     static_cast<int>(this_process_id()));
    }
    flush_pending_output();
    std::fflush(nullptr); // and every FILE stream the body opened
    record(slot->code, code);
    handle_table::release_all(); // this process's handles end with it
    ::_exit(code);
}

} // namespace freethreading::detail
