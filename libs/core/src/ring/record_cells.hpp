//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_SRC_RING_RECORD_CELLS_HPP
#define FREETHREADING_CORE_SRC_RING_RECORD_CELLS_HPP

// The record ring's cells and chunks (private to record_ring.cpp): record
// headers, the side word's fields, and making, linking and freeing chunks.

#include <freethreading/core/detail/ring/record_ring.hpp>

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/chunk_arena.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

namespace freethreading::detail::record_cells {

inline constexpr std::uint32_t padding_marker = 0xffffffffu;

// At the first cell of every record, one 64-bit word: the payload size and
// where it starts, or, for padding, the marker and the number of cells it
// covers; its top bit says "committed". A producer writes a header
// uncommitted, publishes the side word, then sets the bit: a consumer that
// finds the bit at its position takes the record without reading the
// producer's word, so that word's line stays with the producer and its
// publishing exchange no longer waits for the consumer to give it back (the
// bit is only a shortcut: without it, the published word says the same).
// Stale bytes never pass for a committed header: every header position a
// consumer reaches was written in this lap first — a new chunk's first cell
// is cleared before the chunk is linked, and a commit clears the header cell
// of the next position in its chunk before it sets its own bit. Padding is
// never committed: a consumer crosses into the next chunk by the word (once
// per chunk). A committed padding could outlive an abandoned put and send a
// consumer past the records later written over it; and a commit after
// publishing may land on a chunk the consumer has already moved past, where
// only the record's own chunk, which cannot be recycled until a later record
// is published, is safe to write.
struct record_header
{
    std::uint32_t size;
    std::uint32_t offset;
    bool committed;
};

inline constexpr std::uint64_t committed_bit = std::uint64_t(1) << 63;

inline std::atomic_ref<std::uint64_t> header_word(std::byte* cell) noexcept
{
    return std::atomic_ref<std::uint64_t>(*std::launder(reinterpret_cast<std::uint64_t*>(cell)));
}

inline void write_header(std::byte* cell, std::uint32_t size, std::uint32_t offset) noexcept
{
    header_word(cell).store(std::uint64_t(offset) << 32 | size, std::memory_order_relaxed);
}

inline record_header read_header(std::byte* cell) noexcept
{
    const std::uint64_t v = header_word(cell).load(std::memory_order_acquire);
    return {static_cast<std::uint32_t>(v), static_cast<std::uint32_t>((v & ~committed_bit) >> 32),
            (v & committed_bit) != 0};
}

inline void commit_header(std::byte* cell) noexcept
{
    const auto h = header_word(cell);
    h.store(h.load(std::memory_order_relaxed) | committed_bit, std::memory_order_release);
}

inline std::uint64_t cells_of(std::uint64_t word) noexcept { return (word >> ring_item_bits) & ring_cell_mask; }
inline std::uint64_t items_of(std::uint64_t word) noexcept { return word & ring_item_mask; }
inline std::uint64_t make_word(std::uint64_t cells, std::uint64_t items) noexcept
{
    return ((cells & ring_cell_mask) << ring_item_bits) | (items & ring_item_mask);
}
inline std::uint64_t cell_distance(std::uint64_t to, std::uint64_t from) noexcept { return (to - from) & ring_cell_mask; }

// A chunk of at least `cells` cells; one from an arena uses all of its
// arena chunk (a chunk for a large record then holds the records after it).
inline ring_chunk* make_chunk(const ring_state& r, std::uint32_t cells)
{
    const std::size_t bytes = sizeof(ring_chunk) + std::size_t(cells) * ring_cell;
    void* p = nullptr;
    if (r.memory.arena != nullptr) {
        p = r.memory.arena->allocate(bytes);
        if (p == nullptr)
            throw segment_exhausted_error(bytes, r.memory.arena->largest());
        const std::size_t room = (r.memory.arena->size_of(p) - sizeof(ring_chunk)) / ring_cell;
        cells = static_cast<std::uint32_t>(room < 0xffffffffu ? room : 0xffffffffu);
    } else {
        p = ::operator new(bytes, std::align_val_t(alignof(ring_chunk)));
    }
    auto* c = ::new (p) ring_chunk;
    c->cells = cells;
    c->standard = cells == ring_chunk_cells ? 1 : 0;
    return c;
}

inline void free_chunk(const ring_state& r, ring_chunk* c) noexcept
{
    c->~ring_chunk();
    if (r.memory.arena != nullptr)
        r.memory.arena->deallocate(c);
    else
        ::operator delete(c, std::align_val_t(alignof(ring_chunk)));
}

// A kept standard chunk (taken by the producer lock's holder), or null.
inline ring_chunk* take_spare(ring_state& r) noexcept
{
    for (std::atomic<ring_chunk*>& s : r.spare)
        if (s.load(std::memory_order_relaxed) != nullptr)
            if (ring_chunk* c = s.exchange(nullptr, std::memory_order_acquire))
                return c;
    return nullptr;
}

// Keeps a drained standard chunk for the producer if there is room, else frees it.
inline void retire_chunk(ring_state& r, ring_chunk* c) noexcept
{
    if (c->standard != 0)
        for (std::atomic<ring_chunk*>& s : r.spare) {
            ring_chunk* expected = nullptr;
            if (s.compare_exchange_strong(expected, c, std::memory_order_release))
                return;
        }
    free_chunk(r, c);
}

// The chunk after `c`, linking a new one of at least `need` cells if there is none.
inline ring_chunk* next_chunk(ring_state& r, ring_chunk* c, std::uint64_t need)
{
    if (ring_chunk* n = c->next.load(std::memory_order_acquire))
        return n;
    const std::uint32_t cells = need > ring_chunk_cells ? static_cast<std::uint32_t>(need) : ring_chunk_cells;
    ring_chunk* n = nullptr;
    if (cells == ring_chunk_cells)
        n = take_spare(r);
    if (n == nullptr)
        n = make_chunk(r, cells); // throws before anything is published
    n->next.store(nullptr, std::memory_order_relaxed);
    write_header(n->cell(0), 0, 0); // no committed header before the producer writes one
    n->prev = c;
    n->base = (c->base + c->cells) & ring_cell_mask;
    c->next.store(n, std::memory_order_release);
    return n;
}

inline void write_padding(ring_chunk* c, std::uint64_t used) noexcept
{
    if (used < c->cells)
        write_header(c->cell(used), padding_marker, static_cast<std::uint32_t>(c->cells - used));
}

} // namespace freethreading::detail::record_cells

#endif // FREETHREADING_CORE_SRC_RING_RECORD_CELLS_HPP
