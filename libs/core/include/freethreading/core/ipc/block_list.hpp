//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_BLOCK_LIST_HPP
#define FREETHREADING_CORE_IPC_BLOCK_LIST_HPP

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

namespace freethreading::detail {

/** A lock-free list of free blocks in shared memory, the one under the
    chunk arena's classes, the state slab's sizes and the segment's deferred
    frees.

    Its head is one word, a 24-bit tag and a 40-bit block index (the block's
    offset from a base in `Unit`s, plus one; 0: empty), changed by one
    compare-and-swap; each listed block holds the next one's index in its
    first eight bytes. The tag changes with every push and pop, so a pop that
    read the link of a block another process has taken meanwhile fails and
    drops what it read. A process killed between steps leaks at most the
    block it was taking or giving back; it never leaves the list unusable.
    The blocks must stay mapped (a popping process may read a taken block's
    first bytes), and every caller passes the same base.

    @par Thread Safety
    `pop` and `push` may be called concurrently from any process.
*/
template <std::size_t Unit>
struct block_list
{
    static constexpr std::uint64_t index_mask = (std::uint64_t(1) << 40) - 1;

    std::atomic<std::uint64_t> head{0};

    /** The link word in a block's first bytes. */
    static std::atomic_ref<std::uint64_t> link(void* block) noexcept
    {
        return std::atomic_ref<std::uint64_t>(*std::launder(static_cast<std::uint64_t*>(block)));
    }

    bool empty() const noexcept { return (head.load(std::memory_order_relaxed) & index_mask) == 0; }

    /** The first block, taken off the list, or null. */
    std::byte* pop(std::byte* base) noexcept
    {
        std::uint64_t h = head.load(std::memory_order_acquire);
        for (;;) {
            const std::uint64_t first = h & index_mask;
            if (first == 0)
                return nullptr;
            std::byte* block = base + (first - 1) * Unit;
            const std::uint64_t next = link(block).load(std::memory_order_relaxed) & index_mask;
            if (head.compare_exchange_weak(h, ((h >> 40) + 1) << 40 | next, std::memory_order_acq_rel,
                                           std::memory_order_acquire))
                return block;
        }
    }

    /** Lists `block`, which lies `Unit`-aligned from `base`. */
    void push(std::byte* base, std::byte* block) noexcept
    {
        const auto self = static_cast<std::uint64_t>(block - base) / Unit + 1;
        std::uint64_t h = head.load(std::memory_order_relaxed);
        do {
            link(block).store(h & index_mask, std::memory_order_relaxed);
        } while (!head.compare_exchange_weak(h, ((h >> 40) + 1) << 40 | self, std::memory_order_release,
                                             std::memory_order_relaxed));
    }
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_BLOCK_LIST_HPP
