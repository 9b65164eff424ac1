//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_RING_SLOT_RING_HPP
#define FREETHREADING_CORE_DETAIL_RING_SLOT_RING_HPP

// The lock-free ring of a bounded queue of small trivially copyable items
// (DESIGN §3, §6): `maxsize` slots, each a 64-bit state word followed by the
// item's bytes, used in turn by every producer and consumer. Position p
// (lap << 32 | index) is filled in lap `lap` of slot `index`; a slot's state
// says which lap and phase it is in:
//
//   low 32 bits   (lap << 2 | phase) mod 2^32: free → filling → full →
//                 free in the next lap
//   bits 32..62   the owner id (liveness_table) of a filling claim, in
//                 shared memory
//   bit 63        a waiter may sleep on the word (its low half is the futex)
//
// A producer claims the slot of the head position with ONE compare-and-swap
// of its state (free → filling, naming itself), moves the head on, writes
// the item and publishes it by ONE exchange (→ full). A consumer copies the
// item of a full slot out and takes it by ONE compare-and-swap (full → free
// in the next lap); if another consumer was first, the copy is dropped. So a
// consumer never holds a claim: killed before its swap it took nothing,
// after it, it took the item. Head and tail are hints that anyone may move
// past a claimed or taken slot, so a producer that dies holding a claim does
// not stop the other producers; its slot is freed (its item not in the
// queue) by whoever next needs it once its owner is seen dead. Every
// transition changes the low half, and every one that clears the waiter bit
// wakes its sleepers. The item's bytes are read and written as relaxed
// atomic words: a consumer may read a slot that a faster one has already
// handed back to a producer, and drops what it read.

#include <freethreading/core/config.hpp>
#include <freethreading/core/detail/ring/record_ring.hpp>

#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/liveness_table.hpp>

#include <atomic>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>

namespace freethreading::detail {

enum slot_phase : std::uint32_t { slot_free = 0, slot_filling = 1, slot_full = 2 };

inline constexpr std::uint64_t slot_waiter_bit = std::uint64_t(1) << 63;
/** The largest item, and the largest array of slots, a slot ring is made for. */
inline constexpr std::size_t slot_max_item = 64;
inline constexpr std::size_t slot_max_bytes = std::size_t(1) << 20;

struct slot_ring
{
    alignas(64) std::atomic<std::uint64_t> head{0}; // a hint: the next position to fill
    alignas(64) std::atomic<std::uint64_t> tail{0}; // a hint: the next position to take
    alignas(64) std::atomic<std::uint64_t> holes{0}; // positions whose producer died filling them
    std::byte* slots = nullptr;
    std::uint32_t count = 0; // slots (the maxsize); 0: the queue uses a record ring
    std::uint32_t stride = 0;
    bool shared = false; // memory.shared(): futexes are shared
    ring_memory memory;
};

/** The bytes of one slot holding an item of `item_size` bytes. */
constexpr std::uint32_t slot_stride(std::size_t item_size) noexcept
{
    return static_cast<std::uint32_t>(8 + (item_size + 7) / 8 * 8);
}

/** Whether a queue of `maxsize` items of `item_size` bytes gets a slot ring. */
constexpr bool slot_ring_fits(std::uint32_t maxsize, std::size_t item_size) noexcept
{
    return maxsize != 0 && item_size <= slot_max_item && std::size_t(maxsize) * slot_stride(item_size) <= slot_max_bytes;
}

/** Makes `count` free slots in `memory` (the segment's: from its heap, as
    the object's maker does). @throws segment_exhausted_error, std::bad_alloc. */
FREETHREADING_CORE_DECL void slot_ring_init(slot_ring& r, std::uint32_t count, std::size_t item_size,
                                            ring_memory memory);
FREETHREADING_CORE_DECL void slot_ring_destroy(slot_ring& r) noexcept;

/** The waiting forms of slot_put / slot_get: false once `deadline` passed. */
FREETHREADING_CORE_DECL bool slot_put_wait(slot_ring& r, const void* item, std::size_t size, steady_time deadline);
FREETHREADING_CORE_DECL bool slot_get_wait(slot_ring& r, void* out, std::size_t size, steady_time deadline);

inline std::uint32_t slot_code(std::uint64_t pos, std::uint32_t phase) noexcept
{
    return static_cast<std::uint32_t>(pos >> 32) << 2 | phase;
}

inline std::uint64_t slot_next(const slot_ring& r, std::uint64_t pos) noexcept
{
    return static_cast<std::uint32_t>(pos) + 1 < r.count ? pos + 1 : ((pos >> 32) + 1) << 32;
}

/** Positions before `pos`. */
inline std::uint64_t slot_ordinal(const slot_ring& r, std::uint64_t pos) noexcept
{
    return (pos >> 32) * r.count + static_cast<std::uint32_t>(pos);
}

inline std::atomic<std::uint64_t>& slot_state(const slot_ring& r, std::uint64_t pos) noexcept
{
    return *std::launder(reinterpret_cast<std::atomic<std::uint64_t>*>(
        r.slots + std::size_t(static_cast<std::uint32_t>(pos)) * r.stride));
}

inline std::uint64_t slot_claim(const slot_ring& r, std::uint64_t pos, std::uint32_t phase)
{
    const std::uint64_t owner = r.shared ? std::uint64_t(this_thread_owner_id()) << 32 : 0;
    return owner | slot_code(pos, phase);
}

/** Moves a hint (head or tail) past `pos` if it is still there. */
inline void slot_advance(const slot_ring& r, std::atomic<std::uint64_t>& hint, std::uint64_t pos) noexcept
{
    hint.compare_exchange_strong(pos, slot_next(r, pos), std::memory_order_relaxed);
}

/** Ends a claim: stores `code` (waking sleepers if the bit was set). */
inline void slot_release(const slot_ring& r, std::atomic<std::uint64_t>& state, std::uint32_t code) noexcept
{
    if ((state.exchange(code, std::memory_order_acq_rel) & slot_waiter_bit) != 0)
        futex_wake_low(state, INT_MAX, r.shared);
}

/** The item words of the slot whose state is `state`. */
inline std::uint64_t* slot_words(std::atomic<std::uint64_t>& state) noexcept
{
    return std::launder(reinterpret_cast<std::uint64_t*>(reinterpret_cast<std::byte*>(&state) + 8));
}

/** After the claim of `pos` (its state was `before`): fills and publishes it. */
inline void slot_fill(slot_ring& r, std::atomic<std::uint64_t>& state, std::uint64_t before, std::uint64_t pos,
                      const void* item, std::size_t size) noexcept
{
    if ((before & slot_waiter_bit) != 0)
        futex_wake_low(state, INT_MAX, r.shared);
    slot_advance(r, r.head, pos);
    std::uint64_t* words = slot_words(state);
    for (std::size_t at = 0; at < size; at += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, static_cast<const std::byte*>(item) + at, size - at < 8 ? size - at : 8);
        std::atomic_ref<std::uint64_t>(words[at / 8]).store(w, std::memory_order_relaxed);
    }
    slot_release(r, state, slot_code(pos, slot_full));
}

/** Copies out the item of the full slot `pos` (its state was `before`) and
    takes it by freeing the slot for the next lap: false, and nothing taken,
    if the state moved first (another consumer took it, or a waiter set its
    bit). */
inline bool slot_try_take(slot_ring& r, std::atomic<std::uint64_t>& state, std::uint64_t before, std::uint64_t pos,
                          void* out, std::size_t size) noexcept
{
    std::uint64_t* words = slot_words(state);
    for (std::size_t at = 0; at < size; at += 8) {
        const std::uint64_t w = std::atomic_ref<std::uint64_t>(words[at / 8]).load(std::memory_order_relaxed);
        std::memcpy(static_cast<std::byte*>(out) + at, &w, size - at < 8 ? size - at : 8);
    }
    if (!state.compare_exchange_strong(before, slot_code(pos, slot_free) + 4, std::memory_order_acq_rel,
                                       std::memory_order_relaxed))
        return false;
    if ((before & slot_waiter_bit) != 0)
        futex_wake_low(state, INT_MAX, r.shared);
    slot_advance(r, r.tail, pos);
    return true;
}

/** Puts the item if the head slot is free now, else waits until `deadline`. */
inline bool slot_put(slot_ring& r, const void* item, std::size_t size, steady_time deadline)
{
    const std::uint64_t pos = r.head.load(std::memory_order_relaxed);
    std::atomic<std::uint64_t>& state = slot_state(r, pos);
    std::uint64_t s = state.load(std::memory_order_acquire);
    if (static_cast<std::uint32_t>(s) == slot_code(pos, slot_free) &&
        state.compare_exchange_strong(s, slot_claim(r, pos, slot_filling), std::memory_order_acq_rel,
                                      std::memory_order_relaxed)) {
        slot_fill(r, state, s, pos, item, size);
        return true;
    }
    return slot_put_wait(r, item, size, deadline);
}

/** Takes the tail item if it is there now, else waits until `deadline`. */
inline bool slot_get(slot_ring& r, void* out, std::size_t size, steady_time deadline)
{
    const std::uint64_t pos = r.tail.load(std::memory_order_relaxed);
    std::atomic<std::uint64_t>& state = slot_state(r, pos);
    const std::uint64_t s = state.load(std::memory_order_acquire);
    if (static_cast<std::uint32_t>(s) == slot_code(pos, slot_full) && slot_try_take(r, state, s, pos, out, size))
        return true;
    return slot_get_wait(r, out, size, deadline);
}

/** Items in the queue now (claims included; a snapshot). The tail is read
    first: the head passes a position before the tail can. A get moves the
    tail after taking its item, so until it returns that item may count. */
inline std::uint64_t slot_size(const slot_ring& r) noexcept
{
    const std::uint64_t tail = slot_ordinal(r, r.tail.load(std::memory_order_acquire));
    const std::uint64_t head = slot_ordinal(r, r.head.load(std::memory_order_acquire));
    return head > tail ? head - tail : 0;
}

/** Items put, modulo 2^28 (as ring_puts). */
inline std::uint64_t slot_puts(const slot_ring& r) noexcept
{
    const std::uint64_t head = r.head.load(std::memory_order_acquire);
    return (slot_ordinal(r, head) - r.holes.load(std::memory_order_acquire)) & ring_item_mask;
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_RING_SLOT_RING_HPP
