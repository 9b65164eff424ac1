//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_LIVENESS_TABLE_HPP
#define FREETHREADING_CORE_IPC_LIVENESS_TABLE_HPP

#include <freethreading/core/config.hpp>

#include <atomic>
#include <cstdint>

#include <pthread.h>

namespace freethreading::detail {

// An owner id, as a robust lock word holds it: bits 0–11 are the owner's
// liveness slot + 1 (so a held word is never 0), bits 12–30 the slot's
// generation when the owner claimed it, bit 31 is left to the lock word's
// WAITERS bit.
inline constexpr std::uint32_t owner_slot_bits = 12;
inline constexpr std::uint32_t owner_slot_mask = (1u << owner_slot_bits) - 1;
inline constexpr std::uint32_t owner_generation_mask = (1u << 19) - 1;
inline constexpr std::uint32_t owner_waiters_bit = 1u << 31;

constexpr std::uint32_t make_owner_id(std::uint32_t slot, std::uint32_t generation) noexcept
{
    return (slot + 1) | ((generation & owner_generation_mask) << owner_slot_bits);
}

/** The slot of an owner id; `capacity` or more for a word that names none. */
constexpr std::uint32_t owner_slot(std::uint32_t id) noexcept
{
    return (id & owner_slot_mask) - 1;
}

constexpr std::uint32_t owner_generation(std::uint32_t id) noexcept
{
    return (id >> owner_slot_bits) & owner_generation_mask;
}

/** One thread's liveness: a robust process-shared mutex that the thread
    holds for its whole life, so the kernel marks its word `FUTEX_OWNER_DIED`
    (and wakes a waiter) when the thread dies, and a generation counter that
    changes whenever the slot changes hands. On its own cache line, so
    claiming one slot never slows the owner of another. */
struct alignas(64) liveness_slot
{
    ::pthread_mutex_t mutex;
    std::atomic<std::uint32_t> generation;
};

/** The table of liveness slots in the shared segment (DESIGN §6, robust
    locks, option (b)).

    Every thread that takes a robust lock claims a slot once and keeps it
    until it exits; its owner id is the slot and the generation it set. A
    waiter decides that an owner is dead when the slot's generation moved on
    or the liveness word says `FUTEX_OWNER_DIED` or no owner. Death is
    learned only from the kernel's robust list (through glibc's robust
    mutex) and from generations: never by probing a pid or tid.

    Claiming bumps the slot's generation and wakes everything sleeping on
    it, because a waiter that read the old owner's generation may have gone
    to sleep on the new owner's liveness word (notes §7): the generation word
    is the third word it sleeps on.

    @par Thread Safety
    Every member may be called concurrently from any thread of any process
    that shares the segment.
*/
class FREETHREADING_CORE_DECL liveness_table
{
public:
    /** Slots in the table: the most threads, over all processes, that can
        use robust locks at once. At most 4095 (12 bits of the owner id). */
    static constexpr std::uint32_t capacity = 1024;
    static_assert(capacity < owner_slot_mask);

    /** Makes every slot free: a robust, process-shared, unlocked mutex and
        generation 0. */
    liveness_table();

    liveness_table(const liveness_table&) = delete;
    liveness_table& operator=(const liveness_table&) = delete;

    /** The table of the program's shared segment, made on first use.
        @throws what `shared_segment::instance()` and `singleton()` throw. */
    static liveness_table& instance();

    /** The futex word of slot `slot`'s liveness mutex: glibc's
        `__data.__lock`, which holds the owner's tid, `FUTEX_WAITERS` and
        `FUTEX_OWNER_DIED`. Read it with acquire; only ever add
        `FUTEX_WAITERS` to a value with a tid and without `FUTEX_OWNER_DIED`
        (a WAITERS bit on a free word would make the mutex unclaimable). */
    std::atomic<std::uint32_t>& liveness_word(std::uint32_t slot) noexcept
    {
        static_assert(sizeof(slots_[0].mutex.__data.__lock) == sizeof(std::uint32_t));
        // The word is glibc's `int`; the kernel and glibc treat it as an
        // aligned 32-bit atomic, and nothing here reads it as `int`.
        return *static_cast<std::atomic<std::uint32_t>*>(
            static_cast<void*>(&slots_[slot].mutex.__data.__lock));
    }

    /** The generation word of slot `slot`. */
    std::atomic<std::uint32_t>& generation(std::uint32_t slot) noexcept
    {
        return slots_[slot].generation;
    }

    /** A slot and the generation its claim set. */
    struct claim_result
    {
        std::uint32_t slot;
        std::uint32_t generation;
    };

    /** Claims a free slot for the calling thread: locks its liveness mutex
        (making it consistent if its last owner died), bumps its generation
        and wakes all sleepers of the generation word. The lock happens-before
        the bump, so a waiter that sees the new generation sees the new owner.
        @throws std::system_error (`EAGAIN`) if every slot is held by a live
        thread. */
    claim_result claim();

    /** Gives back a slot the calling thread claimed: bumps its generation,
        wakes all its sleepers, then unlocks the mutex, so every waiter of a
        lock the thread still holds sees it as dead. */
    void release(std::uint32_t slot) noexcept;

private:
    liveness_slot slots_[capacity];
};

/** The calling thread's owner id, 0 before it claimed a slot (and in a forked
    child, whose thread does not own its parent's slot). Read it through
    `this_thread_owner_id()`; defined in the library, `constinit` so that
    reading it needs no TLS wrapper call. */
extern FREETHREADING_CORE_DECL constinit thread_local std::uint32_t this_thread_owner_id_cache;

/** Claims a slot for the calling thread (held until it exits, released by a
    `thread_local` object) and caches its owner id.
    @throws std::system_error if the table is full; what
    `liveness_table::instance()` throws. */
FREETHREADING_CORE_DECL std::uint32_t claim_this_thread_owner_id();

/** The calling thread's owner id, claiming a slot on first use.
    @throws as `claim_this_thread_owner_id()`. */
inline std::uint32_t this_thread_owner_id()
{
    const std::uint32_t id = this_thread_owner_id_cache;
    return FREETHREADING_LIKELY(id != 0) ? id : claim_this_thread_owner_id();
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_LIVENESS_TABLE_HPP
