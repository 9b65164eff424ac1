//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/detail/ring/slot_ring.hpp>

#include "backoff_spin.hpp"

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/robust_word.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <chrono>

namespace freethreading::detail {

namespace {

constexpr std::uint32_t lap_mask = 0x3fffffffu; // the lap bits of a state's low half

bool same_state(std::uint64_t a, std::uint64_t b) noexcept
{
    return ((a ^ b) & ~slot_waiter_bit) == 0;
}

// Frees a slot whose producer died filling it (its state is `seen`) for the
// next lap, as a consumer would have: the dead producer's item is not in the
// queue. `pos` is the position of the waiter that found it: the claim's own
// (a consumer), or one lap later (a producer).
void free_dead_claim(slot_ring& r, std::atomic<std::uint64_t>& state, std::uint64_t seen, std::uint64_t pos)
{
    const std::uint32_t code = static_cast<std::uint32_t>(seen);
    // The head first: a consumer that sees the slot free skips the position,
    // so the head must be past it (slot_size never negative).
    const std::uint64_t laps_back = ((static_cast<std::uint32_t>(pos >> 32) & lap_mask) - (code >> 2)) & lap_mask;
    slot_advance(r, r.head, pos - (laps_back << 32));
    std::uint64_t expected = seen;
    for (;;) {
        if (state.compare_exchange_strong(expected, (code & ~3u) + 4, std::memory_order_acq_rel,
                                          std::memory_order_relaxed)) {
            r.holes.fetch_add(1, std::memory_order_acq_rel);
            if ((expected & slot_waiter_bit) != 0)
                futex_wake_low(state, INT_MAX, r.shared);
            return;
        }
        if (!same_state(expected, seen))
            return; // another waiter freed it first
    }
}

// Waits for the state of the slot at `pos` to leave `seen`: false once
// `deadline` has passed (at once for a deadline already past). Frees the
// slot if a claimant of another process died holding it.
bool slot_wait(slot_ring& r, std::atomic<std::uint64_t>& state, std::uint64_t seen, std::uint64_t pos,
               steady_time deadline)
{
    // A claim of another process's thread: a try frees it too if its owner died.
    const std::uint32_t phase = static_cast<std::uint32_t>(seen) & 3;
    const auto owner = static_cast<std::uint32_t>((seen & ~slot_waiter_bit) >> 32);
    const bool watched = r.shared && owner != 0 && phase == slot_filling;
    if (watched && owner_is_dead(owner)) {
        free_dead_claim(r, state, seen, pos);
        return true;
    }
    if (deadline != steady_time::max() && deadline <= std::chrono::steady_clock::now())
        return false;
    if (backoff_spin([&] { return !same_state(state.load(std::memory_order_acquire), seen); }))
        return true;
    if (watched && owner_is_dead(owner)) {
        free_dead_claim(r, state, seen, pos);
        return true;
    }
    // The waiter bit, set only while the state is still `seen`: the
    // transition that leaves it clears the bit and so knows to wake us.
    std::uint64_t current = state.load(std::memory_order_relaxed);
    while ((current & slot_waiter_bit) == 0) {
        if (!same_state(current, seen))
            return true;
        if (state.compare_exchange_weak(current, current | slot_waiter_bit, std::memory_order_seq_cst,
                                        std::memory_order_relaxed))
            break;
    }
    if (!same_state(current, seen))
        return true;
    // In a shared ring, in slices (backoff_spin.hpp): a claim's owner may
    // die, and so may whoever owes the wake-up for a change already made.
    (void)futex_wait_low(state, static_cast<std::uint32_t>(seen), r.shared,
                         as_futex_deadline(sleep_until(deadline, r.shared)));
    return deadline == steady_time::max() || std::chrono::steady_clock::now() < deadline;
}

} // namespace

void slot_ring_init(slot_ring& r, std::uint32_t count, std::size_t item_size, ring_memory memory)
{
    r.memory = memory;
    r.shared = memory.shared();
    r.stride = slot_stride(item_size);
    const std::size_t bytes = std::size_t(count) * r.stride;
    void* p = nullptr;
    if (memory.segment) {
        p = shared_segment::instance().allocate(bytes, 64);
    } else if (memory.arena != nullptr) {
        p = memory.arena->allocate(bytes);
        if (p == nullptr)
            throw segment_exhausted_error(bytes, memory.arena->largest());
    } else {
        p = ::operator new(bytes, std::align_val_t(64));
    }
    r.slots = static_cast<std::byte*>(p);
    for (std::uint32_t i = 0; i < count; ++i)
        ::new (static_cast<void*>(r.slots + std::size_t(i) * r.stride)) std::atomic<std::uint64_t>(0);
    r.count = count;
}

void slot_ring_destroy(slot_ring& r) noexcept
{
    if (r.slots == nullptr)
        return;
    if (r.memory.segment)
        shared_segment::instance().deallocate(r.slots, std::size_t(r.count) * r.stride);
    else if (r.memory.arena != nullptr)
        r.memory.arena->deallocate(r.slots);
    else
        ::operator delete(r.slots, std::align_val_t(64));
    r.slots = nullptr;
    r.count = 0;
}

bool slot_put_wait(slot_ring& r, const void* item, std::size_t size, steady_time deadline)
{
    for (;;) {
        const std::uint64_t pos = r.head.load(std::memory_order_acquire);
        std::atomic<std::uint64_t>& state = slot_state(r, pos);
        std::uint64_t s = state.load(std::memory_order_acquire);
        const auto ahead = static_cast<std::int32_t>(static_cast<std::uint32_t>(s) - slot_code(pos, slot_free));
        if (ahead == 0) {
            if (state.compare_exchange_strong(s, slot_claim(r, pos, slot_filling), std::memory_order_acq_rel,
                                              std::memory_order_relaxed)) {
                slot_fill(r, state, s, pos, item, size);
                return true;
            }
        } else if (ahead > 0) {
            slot_advance(r, r.head, pos); // claimed: move on
        } else if (!slot_wait(r, state, s, pos, deadline)) {
            return false; // the previous lap's item is still there: full
        }
    }
}

bool slot_get_wait(slot_ring& r, void* out, std::size_t size, steady_time deadline)
{
    for (;;) {
        const std::uint64_t pos = r.tail.load(std::memory_order_acquire);
        std::atomic<std::uint64_t>& state = slot_state(r, pos);
        const std::uint64_t s = state.load(std::memory_order_acquire);
        const auto ahead = static_cast<std::int32_t>(static_cast<std::uint32_t>(s) - slot_code(pos, slot_full));
        if (ahead == 0) {
            if (slot_try_take(r, state, s, pos, out, size))
                return true;
        } else if (ahead > 0) {
            slot_advance(r, r.tail, pos); // taken: move on
        } else if (!slot_wait(r, state, s, pos, deadline)) {
            return false; // not filled yet: empty
        }
    }
}

} // namespace freethreading::detail
