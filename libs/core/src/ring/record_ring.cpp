//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/detail/ring/record_ring.hpp>

#include "backoff_spin.hpp"
#include "record_cells.hpp"

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <atomic>
#include <climits>
#include <new>
#include <stdexcept>
#include <string>

namespace freethreading::detail {

namespace {

using namespace record_cells;

// Takes a side's lock. Nobody sleeps holding it (waits for room or items
// release it first), so it is held only for a short critical section: a try
// (deadline already past) and an untimed call take it unconditionally, a
// timed call until its deadline. A dead previous holder is no error here:
// the side's state is re-derived from its published word. It may have died
// between publishing (which cleared the waiter bit) and waking the waiters,
// so its successor wakes them all: they re-check and sleep again if need be.
bool lock_side(ring_state& r, ring_side& side, steady_time deadline)
{
    acquire_result result = acquire_result::acquired;
    if (deadline == steady_time::max() || deadline <= std::chrono::steady_clock::now())
        result = side.lock.lock(r.shared);
    else
        result = side.lock.try_lock_until(r.shared, deadline);
    if (result == acquire_result::timed_out)
        return false;
    if (result == acquire_result::owner_died)
        futex_wake_low(side.word, INT_MAX, r.shared);
    return true;
}

// Sleeps until `other`'s word moves past `seen` or `deadline`: false at the
// deadline; true when woken, or at the end of a slice of a shared ring's
// sleep (the caller looks again).
//
// The sleeper sets the waiter bit with a compare-exchange that succeeds only
// while the word is still `seen`, and the other side publishes with an
// exchange: so a publication either comes after the bit is set (and sees it,
// and wakes) or before (and the compare-exchange fails, or the kernel finds
// the low half changed). A count of sleepers beside the word could not tell
// a waker whether its sleeper had already seen the new word; the bit is
// cleared by exactly the publication a sleeper waits for, so a waker makes
// one FUTEX_WAKE per sleep, not one per item while its sleeper wakes up.
bool wait_for_other(ring_state& r, ring_side& other, std::uint64_t seen, steady_time deadline)
{
    if (deadline != steady_time::max() && deadline <= std::chrono::steady_clock::now())
        return false;
    seen &= ~ring_waiter_bit;
    if (backoff_spin([&] { return (other.word.load(std::memory_order_acquire) & ~ring_waiter_bit) != seen; }))
        return true;
    std::uint64_t current = seen;
    while (!other.word.compare_exchange_weak(current, seen | ring_waiter_bit, std::memory_order_seq_cst,
                                             std::memory_order_relaxed)) {
        if (current == (seen | ring_waiter_bit))
            break; // another sleeper set it
        if (current != seen)
            return true; // moved
    }
    // In a shared ring, in slices (backoff_spin.hpp): the other side's
    // holder may have died after its exchange and before its wake-up.
    const futex_status s = futex_wait_low(other.word, static_cast<std::uint32_t>(seen), r.shared,
                                          as_futex_deadline(sleep_until(deadline, r.shared)));
    return s != futex_status::timed_out || deadline == steady_time::max() ||
           std::chrono::steady_clock::now() < deadline;
}

// Publishes `side`'s new word, clearing the waiter bit, and wakes whoever
// waited for it. The caller has written the data and holds the side's lock,
// and keeps holding it through the wake-up: a holder that dies after the
// exchange and before the wake is then a dead owner of the lock, whose
// successor makes the wake-up (lock_side). The wake costs a system call only
// when someone went to sleep, which the bounded spin makes rare.
void publish(ring_state& r, ring_side& side, std::uint64_t word) noexcept
{
    if ((side.word.exchange(word, std::memory_order_acq_rel) & ring_waiter_bit) != 0)
        futex_wake_low(side.word, INT_MAX, r.shared);
}

// A header the producer wrote lies inside its chunk: padding covers exactly
// the rest of the chunk, a record starts 8 or 16 bytes into its first cell
// and ends in the chunk. Anything else means the ring's memory was written
// over (the segment is shared, not isolated, DESIGN §6): the consumer reports
// it rather than read or move outside the ring.
bool header_fits(const ring_chunk* c, std::uint64_t at, const record_header& h) noexcept
{
    const std::uint64_t room = c->cells - at;
    if (h.size == padding_marker)
        return h.offset == room;
    return (h.offset == 8 || h.offset == 16) && (h.offset + std::uint64_t(h.size) + ring_cell - 1) / ring_cell <= room;
}

// Releases the consumer lock and throws decode_error for a damaged header:
// nothing is taken, and every later get meets the same header.
[[noreturn]] void throw_damaged(ring_state& r, const record_header& h, std::uint64_t at, const ring_chunk* c)
{
    r.consumer.lock.unlock(r.shared);
    throw decode_error("freethreading: a queue record header is damaged (size " + std::to_string(h.size) +
                       ", offset " + std::to_string(h.offset) + " at cell " + std::to_string(at) + " of " +
                       std::to_string(c == nullptr ? 0 : c->cells) +
                       "): the queue's shared memory was overwritten");
}

// The consumer's shortcut: the record at the consumer's position (after any
// padding) if its header is committed. False sends it to the published word.
bool take_committed(ring_state& r, ring_side& g, std::uint64_t word, ring_record& out)
{
    std::uint64_t pos = cells_of(word);
    ring_chunk* c = g.chunk;
    for (;;) {
        while (cell_distance(pos, c->base) >= c->cells) {
            c = c->next.load(std::memory_order_acquire);
            if (c == nullptr)
                return false; // the producer has not linked the next chunk yet
        }
        const std::uint64_t at = cell_distance(pos, c->base);
        std::byte* cell = c->cell(at);
        const record_header h = read_header(cell);
        if (!h.committed)
            return false;
        if (!header_fits(c, at, h))
            throw_damaged(r, h, at, c);
        if (h.size == padding_marker) {
            pos += h.offset;
            continue;
        }
        out.payload = cell + h.offset;
        out.size = h.size;
        g.pending_chunk = c;
        g.pending_cells = cell_distance(pos, cells_of(word)) + (h.offset + h.size + ring_cell - 1) / ring_cell;
        return true;
    }
}

// A consumer that found no committed record at its position looks again a
// few times, still holding its lock, before it reads the producer's word: a
// producer that is running commits its next record sooner than that, and
// reading its word would pull that word's line away and make its next
// publishing exchange wait to get the line back (with a consumer faster than
// its producer, that was most of a put's time). Bounded: an idle producer
// costs the consumer two short looks before it waits on the word as before
// (a try_get does not wait at all; figures in doc/design-notes.md, queue).
bool await_commit(ring_state& r, ring_side& g, std::uint64_t word, ring_record& out)
{
    for (int look = 0; look < 2; ++look) {
        for (int i = 0; i < 48; ++i)
            cpu_relax();
        if (take_committed(r, g, word, out))
            return true;
    }
    return false;
}

} // namespace

ring_memory segment_ring_memory()
{
    return {&shared_segment::instance().arena(), true};
}

void ring_init(ring_state& r, std::uint32_t capacity, ring_memory memory)
{
    r.memory = memory;
    r.shared = memory.shared();
    r.capacity = capacity == 0 ? static_cast<std::uint32_t>(ring_max_items) : capacity;
    ring_chunk* first = make_chunk(r, ring_chunk_cells);
    write_header(first->cell(0), 0, 0);
    r.producer.chunk = first;
    r.consumer.chunk = first;
}

void ring_destroy(ring_state& r) noexcept
{
    ring_chunk* c = r.consumer.chunk;
    while (c != nullptr) {
        ring_chunk* n = c->next.load(std::memory_order_relaxed);
        free_chunk(r, c);
        c = n;
    }
    while (ring_chunk* s = take_spare(r))
        free_chunk(r, s);
}

ring_status ring_begin_put(ring_state& r, std::size_t bytes, std::size_t align, steady_time deadline,
                           ring_record& out)
{
    if (bytes > 0xfffffff0u)
        throw std::length_error("freethreading::queue: an item of " + std::to_string(bytes) +
                                " bytes is larger than the 4 GiB a queue record can hold");
    ring_side& p = r.producer;
    if (!lock_side(r, p, deadline))
        return ring_status::timed_out;
    std::uint64_t word = p.word.load(std::memory_order_relaxed);
    // Wait for room (bounded queues), reading the consumer's word only when
    // the cached one says full, and never sleeping with the lock.
    while (((word - p.seen_other) & ring_item_mask) >= r.capacity) {
        p.seen_other = r.consumer.word.load(std::memory_order_acquire);
        if (((word - p.seen_other) & ring_item_mask) < r.capacity)
            break;
        const std::uint64_t seen = p.seen_other;
        p.lock.unlock(r.shared);
        if (!wait_for_other(r, r.consumer, seen, deadline) || !lock_side(r, p, deadline))
            return ring_status::timed_out;
        word = p.word.load(std::memory_order_relaxed);
    }
    try {
        const std::uint64_t offset = align <= 8 ? 8 : 16;
        const std::uint64_t need = (offset + bytes + ring_cell - 1) / ring_cell;
        const std::uint64_t pos = cells_of(word);
        ring_chunk* c = p.chunk;
        while (cell_distance(pos, c->base) > c->cells)
            c = c->prev; // an abandoned put (or a dead producer) moved ahead
        std::uint64_t used = cell_distance(pos, c->base);
        std::uint64_t cells = 0;
        while (used + need > c->cells) {
            ring_chunk* n = next_chunk(r, c, need);
            write_padding(c, used);
            cells += c->cells - used;
            c = n;
            used = 0;
        }
        write_header(c->cell(used), static_cast<std::uint32_t>(bytes), static_cast<std::uint32_t>(offset));
        p.chunk = c; // before publishing: never behind the published position
        p.pending_header = c->cell(used);
        p.pending_next = used + need < c->cells ? c->cell(used + need) : nullptr;
        p.pending_cells = cells + need;
        out.payload = c->cell(used) + offset;
        out.size = static_cast<std::uint32_t>(bytes);
        return ring_status::ready;
    } catch (...) {
        p.lock.unlock(r.shared);
        throw;
    }
}

void ring_commit_put(ring_state& r) noexcept
{
    ring_side& p = r.producer;
    const std::uint64_t word = p.word.load(std::memory_order_relaxed);
    if (p.pending_next != nullptr)
        write_header(p.pending_next, 0, 0);
    publish(r, p, make_word(cells_of(word) + p.pending_cells, items_of(word) + 1));
    commit_header(p.pending_header);
    p.lock.unlock(r.shared);
}

void ring_abandon_put(ring_state& r) noexcept
{
    r.producer.lock.unlock(r.shared);
}

ring_status ring_begin_get(ring_state& r, steady_time deadline, ring_record& out)
{
    ring_side& g = r.consumer;
    if (!lock_side(r, g, deadline))
        return ring_status::timed_out;
    // A committed record first; else the producer's word, read afresh under
    // the lock each time (another consumer may have taken committed records
    // past any earlier reading of it).
    std::uint64_t word = 0;
    for (;;) {
        word = g.word.load(std::memory_order_relaxed);
        if (take_committed(r, g, word, out) || (deadline != steady_time::min() && await_commit(r, g, word, out)))
            return ring_status::ready;
        const std::uint64_t seen = r.producer.word.load(std::memory_order_acquire);
        if (items_of(seen) != items_of(word))
            break;
        g.lock.unlock(r.shared);
        if (!wait_for_other(r, r.producer, seen, deadline) || !lock_side(r, g, deadline))
            return ring_status::timed_out;
    }
    std::uint64_t pos = cells_of(word);
    ring_chunk* c = g.chunk;
    for (;;) {
        while (cell_distance(pos, c->base) >= c->cells) {
            c = c->next.load(std::memory_order_acquire);
            if (c == nullptr) // published items, but no chunk to hold them
                throw_damaged(r, {}, pos, c);
        }
        const std::uint64_t at = cell_distance(pos, c->base);
        const record_header h = read_header(c->cell(at));
        if (!header_fits(c, at, h))
            throw_damaged(r, h, at, c);
        if (h.size == padding_marker) {
            pos += h.offset;
            continue;
        }
        out.payload = c->cell(cell_distance(pos, c->base)) + h.offset;
        out.size = h.size;
        g.pending_chunk = c;
        g.pending_cells = cell_distance(pos, cells_of(word)) + (h.offset + h.size + ring_cell - 1) / ring_cell;
        return ring_status::ready;
    }
}

void ring_commit_get(ring_state& r) noexcept
{
    ring_side& g = r.consumer;
    const std::uint64_t word = g.word.load(std::memory_order_relaxed);
    publish(r, g, make_word(cells_of(word) + g.pending_cells, items_of(word) + 1));
    // Chunks wholly behind the record are drained: keep some standard
    // chunks for the producer, free the others.
    ring_chunk* old = g.chunk;
    g.chunk = g.pending_chunk;
    while (old != g.chunk) {
        ring_chunk* n = old->next.load(std::memory_order_relaxed);
        retire_chunk(r, old);
        old = n;
    }
    g.lock.unlock(r.shared);
}

void ring_abandon_get(ring_state& r) noexcept
{
    r.consumer.lock.unlock(r.shared);
}

} // namespace freethreading::detail
