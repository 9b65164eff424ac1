//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_CHUNK_ARENA_HPP
#define FREETHREADING_CORE_IPC_CHUNK_ARENA_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/ipc/block_list.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace freethreading::detail {

/** A crash-safe allocator of chunks over one region of shared memory
    (DESIGN §6 "Crash consistency").

    A chunk is `granule << k` bytes (k = 0, 1, …), starting on a granule of
    the region (so on a page). The arena keeps each chunk's size class in a
    map of one byte per granule, and a free chunk's list link in its first
    eight bytes. Each size class has a lock-free free list whose head is a
    (tag, chunk) word changed by one compare-and-swap; a class whose list is
    empty takes a fresh chunk from an
    atomic bump pointer over the region, or splits a larger free chunk. So
    every step is one atomic operation on a word, and a process killed at any
    instruction leaks at most the chunk (or the split pieces) it held: it
    never leaves the arena unusable, and no lock is involved. Chunks are
    never merged: memory given back to a class serves that class (or smaller
    ones, by splitting). A freed chunk's pages past the first go back to the
    system before it is listed.

    The arena object and its region may be anywhere that every process using
    it sees at the same address: the shared segment keeps one over most of
    its mapping, and a caller can place one over a block it owns
    (`create_in`). The object must outlive every chunk taken from it.

    @par Thread Safety
    Every member may be called concurrently from any thread of any process.
*/
class FREETHREADING_CORE_DECL chunk_arena
{
public:
    /** The smallest chunk, and the alignment of every chunk's start. */
    static constexpr std::size_t granule = std::size_t(64) * 1024;
    /** The size classes: chunks of `granule << k` for k < classes. */
    static constexpr unsigned classes = 40;

    /** The bytes of the class map of a region of `bytes`. */
    static constexpr std::size_t map_bytes(std::size_t bytes) noexcept { return bytes / granule; }

    /** An arena over the whole granules of `[region, region + bytes)` from
        its first page, keeping its class map in `map` (`map_bytes(bytes)`
        bytes of memory every user of the arena sees, which it then owns). */
    chunk_arena(void* region, std::size_t bytes, unsigned char* map) noexcept;

    chunk_arena(const chunk_arena&) = delete;
    chunk_arena& operator=(const chunk_arena&) = delete;

    /** Places an arena at the start of the block `[block, block + bytes)`
        and gives it the rest of the block. Null if the block holds no chunk. */
    static chunk_arena* create_in(void* block, std::size_t bytes) noexcept;

    /** The bytes of a chunk of class `k`. */
    static constexpr std::size_t usable(unsigned k) noexcept { return granule << k; }

    /** The class whose chunks hold `bytes` (`classes` if none does). */
    static unsigned class_for(std::size_t bytes) noexcept;

    /** A chunk of at least `bytes` bytes, page-aligned, or null when the
        arena has none (its contents are unspecified: fresh memory reads as
        zeros, a reused chunk's first page keeps old bytes). */
    void* allocate(std::size_t bytes) noexcept;

    /** Gives back a chunk from `allocate`. */
    void deallocate(void* p) noexcept;

    /** The bytes of the chunk `p` from `allocate`. */
    std::size_t size_of(const void* p) const noexcept;

    /** True if `p` points into this arena's region. */
    bool contains(const void* p) const noexcept
    {
        const auto a = reinterpret_cast<std::uintptr_t>(p);
        return a >= begin_ && a < end_;
    }

    /** The bytes of the region not held by a caller (a snapshot; a process
        killed holding a chunk makes it count as held). */
    std::size_t available() const noexcept;

    /** The usable bytes of the largest chunk `allocate` could give now. */
    std::size_t largest() const noexcept;

    /** The bytes of the region. */
    std::size_t capacity() const noexcept { return static_cast<std::size_t>(end_ - begin_); }

private:
    std::byte* chunk_at(std::uint64_t index) const noexcept { return base() + index * granule; }
    std::uint64_t index_of(const std::byte* chunk) const noexcept
    {
        return (reinterpret_cast<std::uintptr_t>(chunk) - begin_) / granule;
    }
    std::byte* base() const noexcept { return reinterpret_cast<std::byte*>(begin_); }
    std::byte* pop(unsigned k) noexcept;
    void push(std::byte* chunk, unsigned k) noexcept;
    std::byte* carve(unsigned k) noexcept;
    std::byte* split_larger(unsigned k) noexcept;
    void set_class(const std::byte* chunk, unsigned k) noexcept;
    unsigned class_of(const std::byte* chunk) const noexcept;

    std::uintptr_t begin_;
    std::uintptr_t end_;
    unsigned char* map_;
    alignas(64) std::atomic<std::uint64_t> bump_{0}; // granules handed out by the bump pointer
    alignas(64) block_list<granule> free_[classes]{};
    std::atomic<std::int64_t> listed_[classes]{}; // chunks on each list (for available())
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_CHUNK_ARENA_HPP
