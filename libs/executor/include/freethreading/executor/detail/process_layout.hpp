//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_PROCESS_LAYOUT_HPP
#define FREETHREADING_EXECUTOR_DETAIL_PROCESS_LAYOUT_HPP

// What a process pool's parent and its worker processes share, in the
// segment (DESIGN §6 "Pools", "Crash consistency"). The parent allocates all
// of it when the pool is made (a worker's sub-arena when it spawns that
// worker); workers never call the segment allocator. Every state change is
// one atomic store or compare-and-swap after the data it publishes, so a
// worker killed at any instruction leaves the old state or the new one.
//
// The life of a task slot (its state word, `slot_state_word`):
//
//   free ──parent fills──▶ queued(tag) ──worker claims──▶ running(w) ──▶ done(w)
//                            │                              │  ▲
//                      parent cancels              part_ready(w)  (a large result,
//                            ▼                              │      one part at a time)
//                        cancelled ──parent reclaims──▶ free ▼
//                                                     timing_out(w) (task_timeout)
//
// `tag` is the low half of the ring position the parent pushed the slot at:
// a worker claims a slot only through its own ring entry, so each entry
// stands for exactly one placement of a task (proof in doc/design-notes.md,
// "The process engine", the ring).

#include <freethreading/core/detail/task_id.hpp>
#include <freethreading/core/detail/word_wait.hpp>
#include <freethreading/core/ipc/chunk_arena.hpp>
#include <freethreading/core/ipc/futex.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace freethreading::detail {

/** Where a task slot is in its life (the low byte of its state word). */
enum class task_slot_phase : std::uint32_t
{
    free = 0,       ///< the parent's: no task
    queued = 1,     ///< filled and pushed on the ring; a worker may claim it, the parent cancel it
    running = 2,    ///< claimed by a worker
    part_ready = 3, ///< the worker published one part of a large result and waits for the parent
    done = 4,       ///< the result is complete in the slot (and the worker's arena)
    cancelled = 5,  ///< cancelled (or dropped) while queued
    timing_out = 6, ///< its task_timeout passed: the worker is being killed
};

/** The state word of a slot: phase, worker index, ring tag. */
constexpr std::uint64_t slot_state_word(task_slot_phase p, std::uint32_t worker, std::uint32_t tag) noexcept
{
    return static_cast<std::uint64_t>(tag) << 32 | static_cast<std::uint64_t>(worker & 0xffff) << 8 |
           static_cast<std::uint64_t>(p);
}
constexpr task_slot_phase slot_phase_of(std::uint64_t w) noexcept
{
    return static_cast<task_slot_phase>(w & 0xff);
}
constexpr std::uint32_t slot_worker_of(std::uint64_t w) noexcept
{
    return static_cast<std::uint32_t>(w >> 8) & 0xffff;
}
constexpr std::uint32_t slot_tag_of(std::uint64_t w) noexcept
{
    return static_cast<std::uint32_t>(w >> 32);
}

/** What a worker left in a slot's result. */
enum class result_kind : std::uint32_t
{
    value = 0, ///< the result's bytes (none for `void`)
    error = 1, ///< an encoded `exception_record`
};

/** The fields of a task slot before its inline bytes. */
struct process_slot_header
{
    /// `slot_state_word`; a futex word in its low half while the worker
    /// waits for the parent to take a part of a large result.
    std::atomic<std::uint64_t> state{0};
    /// When the worker claimed the task (steady clock, ns), for task_timeout; 0 before.
    std::atomic<std::int64_t> started_ns{0};
    /// The trampoline the worker calls (process_task.hpp).
    task_id trampoline{};
    /// The encoded callable and arguments: in `bytes` when `arguments_offset`
    /// is 0, else in a segment block the parent allocated.
    std::uint64_t arguments_offset = 0;
    std::uint64_t arguments_size = 0;
    /// An encoded reference to the task's stop state (0: it takes no token).
    std::uint64_t stop_state = 0;
    /// The result, written by the worker before `done` / `part_ready`.
    result_kind kind = result_kind::value;
    std::uint32_t reserved = 0;
    std::uint64_t result_size = 0; ///< all its bytes
    std::uint64_t part_offset = 0; ///< segment offset of this part's chunk; 0: the part is in `bytes`
    std::uint64_t part_size = 0;   ///< the bytes of this part
};

/** One task slot: the header, then inline bytes for small arguments and
    small results (a result overwrites the arguments, which the worker has
    decoded by then). */
struct alignas(64) process_slot : process_slot_header
{
    static constexpr std::size_t size = 1024;
    static constexpr std::size_t inline_capacity = size - sizeof(process_slot_header);

    std::byte bytes[inline_capacity];
};
static_assert(sizeof(process_slot) == process_slot::size);

/** The ring of ready slots from the parent to the workers: one producer
    (the parent, under its lock), many consumers. A cell holds
    `(position + 1) << 16 | slot`. */
struct process_ring
{
    alignas(64) std::atomic<std::uint64_t> head{0}; ///< the next position to push; the parent's
    alignas(64) std::atomic<std::uint64_t> tail{0}; ///< the next position to take; moved by CAS
    /// Changes with every push batch and at drain: a worker about to sleep
    /// (on its record's `idle`) checks it has not changed.
    alignas(64) std::atomic<std::uint32_t> bell{0};
    std::atomic<std::uint64_t>* cells = nullptr;
    std::uint32_t capacity = 0;
};

/** What the parent and one worker share besides the slots. */
struct alignas(64) process_worker_record
{
    /// 0 while the initializer runs, 1 once it returned, 2 if it threw.
    std::atomic<std::uint32_t> init_state{0};
    /// The slot the worker claimed last, plus one, with the ring tag it
    /// claimed it by in the high half (0: none yet), so that the completion
    /// thread can mark its future running without reading the slot.
    std::atomic<std::uint64_t> current{0};
    /// What the worker does while it has no task: `worker_busy`,
    /// `worker_spinning` (it will see a push within moments) or
    /// `worker_asleep` (a futex wait on this word, `wake_worker`). Per
    /// worker, not a shared count: the parent clears a dead worker's.
    std::atomic<std::uint32_t> idle{0};
    /// The worker's sub-arena for large results (the parent's block).
    chunk_arena* arena = nullptr;
    /// The most bytes one part of a result takes from the arena.
    std::uint64_t part_max = 0;
    /// The slots whose result (or a part of it) the worker published, in
    /// order: a ring with one producer (the worker) and one consumer (the
    /// completion thread), `done_capacity` cells, which never fills (a
    /// worker has at most every slot and one part waiting). A worker killed
    /// between its publication and its push loses the entry; the parent
    /// finds that slot by its state when it handles the death.
    std::atomic<std::uint32_t>* done_cells = nullptr;
    std::uint32_t done_capacity = 0;
    alignas(64) std::atomic<std::uint64_t> done_head{0}; ///< the worker's
    alignas(64) std::uint64_t done_tail = 0;             ///< the completion thread's
    /// Bumped by the parent when it gives back a chunk of the arena.
    alignas(64) waitable_word arena_freed;
    /// What the initializer threw (type and what(), truncated).
    char init_error[512]{};
};

/** The pool's control block: the options the workers read, the ring, the
    words the two sides wake each other with, and the worker records. */
struct process_pool_control
{
    std::uint32_t worker_count = 0;
    std::uint32_t slot_count = 0;
    std::uint64_t max_tasks_per_child = 0;
    /// How long an idle worker looks for a task before it sleeps on the
    /// ring's bell (ns); the parent decides (process_engine_setup.cpp).
    std::int64_t idle_spin_ns = 0;
    /// The pool's `task_timeout` (ns, 0: none): only then does a worker
    /// write when each task started (`process_slot_header::started_ns`).
    std::int64_t task_timeout_ns = 0;
    process_slot* slots = nullptr;
    process_worker_record* records = nullptr;
    /// The initializer's trampoline and encoded callable and arguments.
    bool has_initializer = false;
    task_id initializer{};
    const std::byte* initializer_bytes = nullptr;
    std::uint64_t initializer_size = 0;
    /// 1 once nothing more will be pushed: a worker that finds the ring
    /// empty then exits.
    alignas(64) std::atomic<std::uint32_t> drain{0};
    /// Bumped by 2 after a claim, a result or anything else the completion
    /// thread must look at; it sleeps on this futex word. Bit 0 says that
    /// it sleeps (or is about to): in the word itself, so that the notifier
    /// that clears it changes the value the sleeper waits on, and a wake-up
    /// made before the sleeper blocked cannot be lost.
    alignas(64) std::atomic<std::uint32_t> events{0};
    process_ring ring;
};

/** Bit 0 of `process_pool_control::events`: the completion thread sleeps. */
inline constexpr std::uint32_t completion_sleeps = 1;

/** Tells the completion thread that something moved; a system call only
    when it sleeps, and then only for the notifier that clears its bit.
    The bit lives in the futex word: a sleeper whose bit a stale notifier
    cleared finds the word changed and does not block (with a separate
    flag, a notifier delayed since an earlier sleep could take the flag of
    the next one and wake nobody, and the next notifier would see no
    sleeper: measured as a hang under `perf record`). */
inline void notify_completion(process_pool_control& control) noexcept
{
    const std::uint32_t old = control.events.fetch_add(2, std::memory_order_seq_cst);
    if ((old & completion_sleeps) != 0 &&
        (control.events.fetch_and(~completion_sleeps, std::memory_order_seq_cst) & completion_sleeps) != 0)
        (void)futex_wake(control.events, 1, true);
}

/** A worker's entry in its done ring, after the publication it stands for.
    Stored seq_cst: see `nudge_completion`. */
inline void push_done(process_worker_record& record, std::uint32_t slot) noexcept
{
    const std::uint64_t head = record.done_head.load(std::memory_order_relaxed);
    record.done_cells[head % record.done_capacity].store(slot, std::memory_order_relaxed);
    record.done_head.store(head + 1, std::memory_order_seq_cst);
}

/** After a worker stored (seq_cst) what the completion thread finds by
    itself when it looks, a claim in its record's `current` or an entry on
    its done ring: wakes that thread only if it sleeps, with no write to the
    shared `events` word otherwise. The thread looks at those words after it
    has set its sleep bit and before it blocks, so either it sees them or
    this sees the bit (every access seq_cst). */
inline void nudge_completion(process_pool_control& control) noexcept
{
    if ((control.events.load(std::memory_order_seq_cst) & completion_sleeps) != 0)
        notify_completion(control);
}

/** Values of `process_worker_record::idle`. */
inline constexpr std::uint32_t worker_busy = 0;
inline constexpr std::uint32_t worker_spinning = 1;
inline constexpr std::uint32_t worker_asleep = 2;

/** Wakes the worker of `record` if it sleeps (or is about to): its state
    leaves `worker_asleep` first, so one wake-up is made per sleep however
    many placements find it, and the worker, which sleeps on that word only
    while it says `worker_asleep`, cannot miss it. True if this call took it
    out of its sleep. */
inline bool wake_worker(process_worker_record& record) noexcept
{
    std::uint32_t expected = worker_asleep;
    if (!record.idle.compare_exchange_strong(expected, worker_busy, std::memory_order_seq_cst))
        return false;
    (void)futex_wake(record.idle, 1, true);
    return true;
}

/** What a worker process is started with (the zygote carries it, at most
    `zygote_launcher::max_argument_size` bytes). */
struct process_worker_start
{
    process_pool_control* control = nullptr;
    std::uint32_t index = 0;
    bool executor = false;
    char name[64]{};
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_PROCESS_LAYOUT_HPP
