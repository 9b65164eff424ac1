//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_ROBUST_WORD_HPP
#define FREETHREADING_CORE_IPC_ROBUST_WORD_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/ipc/liveness_table.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <type_traits>

namespace freethreading::detail {

/** How an acquisition of a `robust_word` ended. */
enum class acquire_result : unsigned char
{
    acquired,  ///< the caller holds the lock
    timed_out, ///< the caller does not hold it: held by a live owner until the
               ///< deadline passed (or, for `try_lock`, at the moment of asking)
    owner_died ///< the previous owner died holding it; the caller now holds the
               ///< lock, which is consistent as a lock (the data it guards may not be)
};

/** A robust lock in one 32-bit futex word of shared memory: the algorithm
    under `multiprocessing::mutex`, `recursive_mutex` and condition locks
    (DESIGN §6, robust locks, option (b); notes §7).

    The word holds the owner's id from the liveness table (slot + 1 and the
    slot's generation) and a WAITERS bit, or 0 when free. Uncontended, `lock`
    is one compare-and-swap and `unlock` one exchange. A waiter sets WAITERS,
    marks the owner's liveness mutex word `FUTEX_WAITERS` (so the kernel wakes
    it when the owner dies) and sleeps with `futex_waitv` on the lock word,
    the owner's liveness word and the owner slot's generation word: it wakes
    on unlock, on the owner's death and on the slot changing hands, never by
    polling. Where `futex_waitv` is missing, it sleeps on the lock word in
    slices of at most 1 ms and looks at the other two between slices (see
    `futex_waitv`): a departure from DESIGN §6's fall-back to option (a),
    which keeps one algorithm and one word layout on every kernel.

    If an owner dies holding the lock (its thread ended, or its process was
    killed or `_exit`ed), exactly one acquirer takes the lock over with
    `owner_died` per death; every other one goes on waiting for that
    acquirer. Death is learned only from the kernel's robust list and the
    liveness generations, never by probing a pid or tid.

    `robust_word` is standard-layout and 4 bytes: place it in the shared
    segment; every process forked afterwards uses it where it is. A lock held
    by a thread at `fork()` stays held by that thread; the child is not its
    owner.

    @par Thread Safety
    Every member may be called concurrently from any thread of any process
    that maps the word. An `unlock` happens-before the acquisition that next
    returns `acquired` or `owner_died`. For `owner_died`, the dead owner's
    writes before its death are visible, but it may have died half-way
    through an update of the data the lock guards.
*/
class FREETHREADING_CORE_DECL robust_word
{
public:
    /** The lock word's bit that says a waiter may be asleep. */
    static constexpr std::uint32_t waiters_bit = owner_waiters_bit;

    /** Makes a free lock. */
    constexpr robust_word() noexcept = default;

    robust_word(const robust_word&) = delete;
    robust_word& operator=(const robust_word&) = delete;

    /** Blocks until the caller holds the lock; returns `acquired` or
        `owner_died` (no `timed_out`).
        @throws std::logic_error if the caller already holds it (it would
        wait for itself forever).
        @throws std::system_error if the calling thread cannot get a liveness
        slot (more live lock-using threads than `liveness_table::capacity`);
        what `liveness_table::instance()` throws. */
    acquire_result lock();

    /** Takes the lock if it is free or its owner died, without waiting;
        `timed_out` if a live owner (the caller too) holds it.
        @throws as `lock()`, except for the `std::logic_error`. */
    acquire_result try_lock();

    /** As `lock()`, giving up with `timed_out` once `deadline` has passed; a
        deadline already past tries once. Signals do not shorten the wait.
        @throws as `lock()`. */
    acquire_result try_lock_until(std::chrono::steady_clock::time_point deadline);

    /** Frees the lock and wakes one waiter if the WAITERS bit was set.
        Requires: the calling thread holds the lock (not checked: use
        `held_by_caller()`). */
    void unlock() noexcept;

    /** True if the calling thread holds the lock. Never claims a slot. */
    bool held_by_caller() const noexcept;

    /** True if any thread holds the lock (or held it and died unnoticed). */
    bool locked() const noexcept;

    /** The raw word: the owner id | `waiters_bit`, 0 when free. For
        diagnostics and tests. */
    std::uint32_t state() const noexcept;

    /** The calling thread's owner id, claiming a liveness slot on first use.
        @throws as `lock()`. */
    static std::uint32_t caller_id();

private:
    acquire_result lock_slow(std::uint32_t id);
    acquire_result try_lock_slow(std::uint32_t id);
    acquire_result try_lock_until_slow(std::uint32_t id,
                                       std::chrono::steady_clock::time_point deadline);
    void wake_one() noexcept;

    std::atomic<std::uint32_t> word_{0};
};

static_assert(sizeof(robust_word) == 4 && std::is_standard_layout_v<robust_word>,
              "a robust_word is one futex word");

/** True if the thread that owner id `id` names (see `liveness_table`) is
    gone: it died, or gave its liveness slot back when it exited. For claims
    made outside a `robust_word` (a queue's slot) that a waiter must not wait
    on forever. Never claims a slot.
    @throws std::logic_error if `id` names no liveness slot; what
    `liveness_table::instance()` throws. */
FREETHREADING_CORE_DECL bool owner_is_dead(std::uint32_t id);

} // namespace freethreading::detail

#include <freethreading/core/ipc/impl/robust_word.hpp>

#endif // FREETHREADING_CORE_IPC_ROBUST_WORD_HPP
