//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The program of a process pool's worker (DESIGN §6 "Pools"): forked by the
// pool's zygote, or by the pool's maker for the first workers of a pool made
// on the main thread, it runs the initializer, then takes tasks off the ring
// until the parent drains the pool or it has run max_tasks_per_child tasks.
// It never calls the segment allocator. It ignores SIGINT and has SIGTERM,
// SIGHUP and SIGCHLD at their defaults (DESIGN §6 "Signals"), as the zygote
// has, whoever forked it.

#include "process_pool_worker.hpp"

#include <freethreading/executor/detail/process_layout.hpp>
#include <freethreading/executor/detail/process_task_context.hpp>

#include <freethreading/core/detail/cpu_relax.hpp>
#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/process_spawner.hpp>

#include <chrono>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstring>

namespace freethreading::detail {

namespace {

// Claims the next task: the slot index, or -1 once the pool is drained and
// the ring is empty. A worker claims a slot only through the ring entry it
// was pushed with (its tag), so a stale entry is passed over.
std::int64_t take(process_pool_control& control, std::uint32_t worker) noexcept
{
    process_ring& ring = control.ring;
    std::atomic<std::uint32_t>& idle = control.records[worker].idle;
    for (;;) {
        const std::uint32_t bell = ring.bell.load(std::memory_order_seq_cst);
        steady_time spin_end{};
        for (int spin = 0;; ++spin) {
            const std::uint64_t tail = ring.tail.load(std::memory_order_acquire);
            if (tail != ring.head.load(std::memory_order_acquire)) {
                const std::uint64_t cell = ring.cells[tail % ring.capacity].load(std::memory_order_acquire);
                if ((cell >> 16) != tail + 1)
                    continue; // the tail moved on meanwhile
                const auto s = static_cast<std::uint32_t>(cell & 0xffff);
                std::atomic<std::uint64_t>& state = control.slots[s].state;
                const auto tag = static_cast<std::uint32_t>(tail);
                std::uint64_t seen = state.load(std::memory_order_acquire);
                if (seen == slot_state_word(task_slot_phase::queued, 0, tag)) {
                    if (!state.compare_exchange_strong(seen, slot_state_word(task_slot_phase::running, worker, tag),
                                                       std::memory_order_acq_rel))
                        continue;
                    std::uint64_t t = tail;
                    ring.tail.compare_exchange_strong(t, tail + 1, std::memory_order_acq_rel);
                    idle.store(worker_busy, std::memory_order_relaxed);
                    return s;
                }
                // Claimed by another worker (which moves the tail, or we
                // help), or cancelled: then the parent may reclaim the slot
                // once the tail has passed it.
                std::uint64_t t = tail;
                const bool moved = ring.tail.compare_exchange_strong(t, tail + 1, std::memory_order_acq_rel);
                if (moved && slot_phase_of(seen) == task_slot_phase::cancelled && slot_tag_of(seen) == tag)
                    notify_completion(control);
                continue;
            }
            if (control.drain.load(std::memory_order_seq_cst) != 0) {
                idle.store(worker_busy, std::memory_order_relaxed);
                return -1;
            }
            if (spin == 0) {
                idle.store(worker_spinning, std::memory_order_seq_cst);
                spin_end = std::chrono::steady_clock::now() + std::chrono::nanoseconds(control.idle_spin_ns);
            } else if (spin % 32 == 0 && std::chrono::steady_clock::now() >= spin_end) {
                break;
            }
            cpu_relax();
        }
        // Either the parent sees this worker asleep (and wakes it through
        // this word, wake_worker), or this sees the parent's new bell
        // (every access seq_cst).
        idle.store(worker_asleep, std::memory_order_seq_cst);
        if (ring.bell.load(std::memory_order_seq_cst) == bell && control.drain.load(std::memory_order_seq_cst) == 0)
            (void)futex_wait(idle, worker_asleep, true);
        idle.store(worker_busy, std::memory_order_relaxed);
    }
}

} // namespace

int process_worker_main(std::span<const std::byte> argument)
{
    process_worker_start start;
    if (argument.size() != sizeof start)
        return 2;
    std::memcpy(&start, argument.data(), sizeof start);
    ::signal(SIGINT, SIG_IGN);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGHUP, SIG_DFL);
    ::signal(SIGCHLD, SIG_DFL);
    process_pool_worker::become(start);
    process_pool_control& control = *start.control;
    process_worker_record& record = control.records[start.index];
    process_task_context context(control, start.index);
    if (control.has_initializer) {
        const bool ran = context.run_initializer();
        flush_pending_output();
        record.init_state.store(ran ? 1 : 2, std::memory_order_release);
        (void)futex_wake(record.init_state, INT_MAX, true);
        if (!ran)
            return 1;
    } else {
        record.init_state.store(1, std::memory_order_release);
    }
    for (std::uint64_t done = 0;;) {
        const std::int64_t s = take(control, start.index);
        if (s < 0)
            return 0;
        context.run(control.slots[s]);
        flush_pending_output(); // what the task printed shows now, as on threads
        if (control.max_tasks_per_child != 0 && ++done >= control.max_tasks_per_child)
            return 0;
    }
}

} // namespace freethreading::detail
