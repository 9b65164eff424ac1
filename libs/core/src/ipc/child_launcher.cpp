//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The launcher interface, and the launcher of this process's own children:
// the spawner thread forks them (process_spawner.cpp).

#include "child_exit.hpp"

#include <freethreading/core/ipc/child_launcher.hpp>
#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/process_spawner.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <atomic>
#include <stdexcept>
#include <utility>

namespace freethreading::detail {

namespace {

// The states of child_exit_slot::released.
constexpr std::uint32_t slot_held = 0;     // the parent has not published the child yet
constexpr std::uint32_t slot_released = 1; // it has: the child may run
constexpr std::uint32_t slot_waiting = 2;  // held, and the child sleeps until released

// What the spawner's child runs, on the launching thread's stack: the fork
// is made while that thread waits in spawn_process, so the child's copy of
// the stack holds it.
struct spawner_request
{
    child_main main;
    std::span<const std::byte> argument;
    child_exit_slot* slot;
};

// Waits until launch() has published the child (its pid, its pidfd, and
// whatever the caller did before launching). On this project's 2-vCPU VMs
// the child, the spawner and the caller otherwise compete for one CPU while
// the other idles (doc/design-notes.md). The parent wakes the child only if
// it marked itself waiting: usually the child runs after it was released (a
// futex wake that finds no sleeper is still a system call).
void spawner_child(void* context) noexcept
{
    const spawner_request& request = *static_cast<const spawner_request*>(context);
    std::atomic<std::uint32_t>& release = request.slot->released;
    for (std::uint32_t state = release.load(std::memory_order_acquire); state != slot_released;
         state = release.load(std::memory_order_acquire)) {
        if (state == slot_held &&
            !release.compare_exchange_strong(state, slot_waiting, std::memory_order_acquire))
            continue; // released meanwhile
        (void)futex_wait(release, slot_waiting, true);
    }
    run_child(request.main, request.argument, request.slot);
}

} // namespace

child_launcher::~child_launcher() = default;

void child_launcher::publish(child_process& child, pid_t pid, int pidfd, child_exit_slot* slot,
                             std::shared_ptr<const child_process> reaper)
{
    child.publish(pid, pidfd, slot, std::move(reaper));
}

spawner_launcher& spawner_launcher::instance()
{
    static spawner_launcher* const launcher = new spawner_launcher; // never destroyed
    return *launcher;
}

void spawner_launcher::launch(child_process& child, const child_program& program,
                              std::span<const std::byte> argument)
{
    if (child.started())
        throw std::logic_error("freethreading: a child_process was launched twice");
    shared_segment& segment = shared_segment::instance();
    auto* slot = segment.construct<child_exit_slot>();
    spawner_request request{program.main, argument, slot};
    spawned_process p;
    try {
        p = spawn_process(&spawner_child, &request);
    } catch (...) {
        segment.destroy(slot);
        throw;
    }
    publish(child, p.pid, p.pidfd, slot, nullptr);
    if (slot->released.exchange(slot_released, std::memory_order_acq_rel) == slot_waiting)
        (void)futex_wake(slot->released, 1, true);
}

} // namespace freethreading::detail
