//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_RING_RECORD_RING_HPP
#define FREETHREADING_CORE_DETAIL_RING_RECORD_RING_HPP

// The one ring algorithm under every queue and every pool's task and result
// path (DESIGN §2, §3, §6): a list of chunks
// of 16-byte cells holding length-prefixed records. Producers serialize on a
// producer lock and consumers on a consumer lock, so between the two sides it
// is a single-producer single-consumer ring: in the common one-to-one case
// neither lock is contended. Each side publishes its progress with ONE
// atomic exchange of a 64-bit word, (cells << 28) | items, after the data is
// written: a process killed at any instruction leaves the old state or the
// new one, and the side's other fields (its current chunk) are re-derived
// from that word. The low 32 bits change with every item, so they are the
// futex the other side sleeps on; the top bit says that someone may sleep
// on it (set by the sleeper while the word is unchanged, cleared by the
// publishing exchange, which therefore knows whether to wake).

#include <freethreading/core/config.hpp>

#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/lock_core.hpp>
#include <freethreading/core/ipc/chunk_arena.hpp>

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace freethreading::detail {

static_assert(std::endian::native == std::endian::little, "the futex is the low half of a 64-bit word");

inline constexpr std::uint64_t ring_item_bits = 28;
inline constexpr std::uint64_t ring_item_mask = (std::uint64_t(1) << ring_item_bits) - 1;
inline constexpr std::uint64_t ring_cell_mask = (std::uint64_t(1) << (63 - ring_item_bits)) - 1;
/** In a side's word: a waiter of that word may be asleep. */
inline constexpr std::uint64_t ring_waiter_bit = std::uint64_t(1) << 63;
/** The most items a queue holds at once (also the largest maxsize). */
inline constexpr std::uint64_t ring_max_items = ring_item_mask;
inline constexpr std::size_t ring_cell = 16;
inline constexpr std::size_t ring_spare_chunks = 3;

struct alignas(64) ring_chunk
{
    std::atomic<ring_chunk*> next{nullptr};
    ring_chunk* prev = nullptr; // lets a producer find the chunk of its published position
    std::uint64_t base = 0;   // cell position of the first cell (mod 2^36)
    std::uint32_t cells = 0;  // cells in this chunk
    std::uint32_t standard = 0; // 1 for a ring_chunk_cells chunk (recyclable)

    std::byte* cell(std::uint64_t index) noexcept
    {
        return reinterpret_cast<std::byte*>(this + 1) + index * ring_cell;
    }
};

/** The cells of a standard chunk: one smallest arena chunk, header included. */
inline constexpr std::uint32_t ring_chunk_cells =
    static_cast<std::uint32_t>((chunk_arena::usable(0) - sizeof(ring_chunk)) / ring_cell);

/** Where a ring's memory comes from (STYLE: memory is a parameter): the
    process heap (a ring of one process, private futexes), or a crash-safe
    chunk arena in shared memory (shared futexes) — the segment's, or one a
    caller placed in a block it owns. A ring grows and shrinks only through
    its arena, so a process killed while it puts or gets never holds a lock
    of the segment's heap. */
struct ring_memory
{
    chunk_arena* arena = nullptr; // null: the process heap
    bool segment = false;         // the segment's arena: fixed arrays come from the segment's heap

    bool shared() const noexcept { return arena != nullptr; }
};

/** The shared segment's arena (made if need be). */
FREETHREADING_CORE_DECL ring_memory segment_ring_memory();

/** A caller's arena, in memory every user of the ring sees. */
inline ring_memory arena_ring_memory(chunk_arena& arena) noexcept
{
    return {&arena, false};
}

/** One side's published progress and where it is. */
struct alignas(64) ring_side
{
    lock_core lock;
    // Producer: the chunk of the next record, never behind the published
    // position (set before publishing). Consumer: the chunk of its published
    // position or one behind it (set after publishing, before retiring).
    ring_chunk* chunk = nullptr;
    std::uint64_t seen_other = 0; // producer: the consumer's word, as last read
    // Between begin and commit, for the lock holder: the consumer's record
    // chunk; the producer's header cells to commit and next position to clear.
    ring_chunk* pending_chunk = nullptr;
    std::uint64_t pending_cells = 0;
    std::byte* pending_header = nullptr;
    std::byte* pending_next = nullptr;
    alignas(64) std::atomic<std::uint64_t> word{0}; // waiter bit | (cells << 28) | items
};

struct ring_state
{
    ring_side producer;
    ring_side consumer;
    // Drained standard chunks kept for the producer: enough that a bounded
    // queue whose records span a few chunks reuses its own chunks instead of
    // freeing one (and giving its pages back) for every one it allocates.
    alignas(64) std::atomic<ring_chunk*> spare[ring_spare_chunks]{};
    std::uint32_t capacity = 0;                          // most items held; ring_max_items when unbounded
    bool shared = false;                                 // memory.shared(): futexes are shared
    ring_memory memory;
};

/** Why a begin_* call returned without a record. */
enum class ring_status : unsigned char { ready, timed_out };

/** A record being written or read: the payload and its size. */
struct ring_record
{
    std::byte* payload = nullptr;
    std::uint32_t size = 0;
};

/** Makes the first chunk from `memory`; `capacity` is the maxsize (0: unbounded).
    @throws segment_exhausted_error, std::bad_alloc. */
FREETHREADING_CORE_DECL void ring_init(ring_state& r, std::uint32_t capacity, ring_memory memory);

/** Frees every chunk. The caller has destroyed or released the records. */
FREETHREADING_CORE_DECL void ring_destroy(ring_state& r) noexcept;

/** Takes the producer lock and reserves room for `bytes` of payload aligned
    to `align` (≤ 16), waiting for space until `deadline` (a deadline already
    past never waits for space; the lock, held only briefly, is always taken). On `ready` the
    caller writes the payload, then calls ring_commit_put (or
    ring_abandon_put if writing failed); both release the lock.
    @throws segment_exhausted_error when a new chunk cannot be made: nothing
    is enqueued. */
FREETHREADING_CORE_DECL ring_status ring_begin_put(ring_state& r, std::size_t bytes, std::size_t align,
                                                     steady_time deadline, ring_record& out);
FREETHREADING_CORE_DECL void ring_commit_put(ring_state& r) noexcept;
FREETHREADING_CORE_DECL void ring_abandon_put(ring_state& r) noexcept;

/** Takes the consumer lock and finds the oldest record, waiting until
    `deadline`. On `ready` the caller copies the payload out, then calls
    ring_commit_get (or ring_abandon_get to leave it queued).
    @throws decode_error, with the lock released and nothing taken, when the
    record's header does not lie inside its chunk (the ring's memory was
    written over): a record is never handed out beyond the ring. */
FREETHREADING_CORE_DECL ring_status ring_begin_get(ring_state& r, steady_time deadline, ring_record& out);
FREETHREADING_CORE_DECL void ring_commit_get(ring_state& r) noexcept;
FREETHREADING_CORE_DECL void ring_abandon_get(ring_state& r) noexcept;

/** Items the producer side has published, modulo 2^28. */
inline std::uint64_t ring_puts(const ring_state& r) noexcept
{
    return r.producer.word.load(std::memory_order_acquire) & ring_item_mask;
}

/** Items in the queue now (a snapshot). */
inline std::uint64_t ring_size(const ring_state& r) noexcept
{
    const std::uint64_t put = r.producer.word.load(std::memory_order_acquire);
    const std::uint64_t got = r.consumer.word.load(std::memory_order_acquire);
    return (put - got) & ring_item_mask;
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_RING_RECORD_RING_HPP
