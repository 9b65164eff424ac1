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

#include <algorithm>
#include <atomic>
#include <exception>
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
    child_main main = nullptr;
    std::span<const std::byte> argument;
    child_exit_slot* slot = nullptr;
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

void child_launcher::check_items(std::span<const launch_item> items)
{
    for (const launch_item& item : items)
        if (item.child == nullptr || item.child->started())
            throw std::logic_error(item.child == nullptr ? "freethreading: a launch without a child_process"
                                                         : "freethreading: a child_process was launched twice");
}

spawner_launcher& spawner_launcher::instance()
{
    static spawner_launcher* const launcher = new spawner_launcher; // never destroyed
    return *launcher;
}

void spawner_launcher::launch(child_process& child, const child_program& program,
                              std::span<const std::byte> argument)
{
    const launch_item item{&child, argument};
    launch_all(program, std::span<const launch_item>(&item, 1));
}

void spawner_launcher::launch_all(const child_program& program, std::span<const launch_item> items)
{
    check_items(items);
    shared_segment& segment = shared_segment::instance();
    // Up to `batch` at a time, on this stack: the children read their
    // requests from their copies of it, and between two forks nothing is
    // written but this stack and the spawner's own state.
    constexpr std::size_t batch = 16;
    while (!items.empty()) {
        const std::size_t n = std::min(items.size(), batch);
        spawner_request requests[batch];
        spawned_process made[batch];
        std::size_t slotted = 0;
        std::size_t forked = 0;
        std::exception_ptr failure;
        try {
            for (; slotted < n; ++slotted)
                requests[slotted] = {program.main, items[slotted].argument, segment.construct<child_exit_slot>()};
            for (; forked < n; ++forked)
                made[forked] = spawn_process(&spawner_child, &requests[forked]);
        } catch (...) {
            failure = std::current_exception();
        }
        for (std::size_t i = 0; i < forked; ++i) {
            child_exit_slot* slot = requests[i].slot;
            publish(*items[i].child, made[i].pid, made[i].pidfd, slot, nullptr);
            if (slot->released.exchange(slot_released, std::memory_order_acq_rel) == slot_waiting)
                (void)futex_wake(slot->released, 1, true);
        }
        for (std::size_t i = forked; i < slotted; ++i)
            segment.destroy(requests[i].slot);
        if (failure)
            std::rethrow_exception(failure);
        items = items.subspan(n);
    }
}

} // namespace freethreading::detail
