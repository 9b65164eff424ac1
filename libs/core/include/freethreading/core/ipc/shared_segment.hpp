//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_SHARED_SEGMENT_HPP
#define FREETHREADING_CORE_IPC_SHARED_SEGMENT_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/ipc/chunk_arena.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

/** The fixed objects of the segment that are made on first use by whichever
    process needs them first, and shared by every process that sees the
    segment. Each id names one object type for the life of the segment;
    `for_tests` is never used by the library, so its tests have one. */
enum class segment_singleton : unsigned { liveness_table, for_tests, count };

/** The shared-memory segment of the multiprocessing backend (DESIGN §6).

    One anonymous `MAP_SHARED | MAP_NORESERVE` mapping per program. It has no
    name, so nothing appears in `/dev/shm` and nothing outlives the last
    process. It is made by the first `instance()` call and inherited, at the
    same address, by every process forked afterwards. Its memory is shared
    by three allocators (doc/design-notes.md, "The segment's three
    allocators"):
    - a Boost.Interprocess best-fit heap under a robust process-shared lock
      over an eighth of it, for the odd-sized blocks objects are made of
      (`allocate`); a process killed inside it poisons it;
    - a crash-safe `chunk_arena` over the rest, for whatever a process may
      take or give back while it runs (a queue's chunks: `arena()`), and for
      large blocks;
    - a crash-safe slab of small object states, one free list per size
      (`construct` / `destroy` of a type of at most `slab_max_object` bytes).
    Memory a process gives back while it runs never goes through the heap's
    lock: a block of the heap freed by a process other than the one that made
    the segment is listed, lock-free, and handed to the heap by the next
    `allocate`.

    Its size is `FREETHREADING_SHM_SIZE=<digits>[K|M|G]` (binary units, at
    least 1M), by default min(1 GiB, ¼ of the cgroup's memory.max, ¼ of the
    commit headroom under vm.overcommit_memory=2), at least 16 MiB.

    @par Thread Safety
    Every member may be called concurrently from any thread of any process
    that shares the segment.
*/
class FREETHREADING_CORE_DECL shared_segment
{
public:
    /** The program's segment, made on the first call.
        @throws std::invalid_argument for a malformed `FREETHREADING_SHM_SIZE`.
        @throws std::system_error if the mapping cannot be made. */
    static shared_segment& instance();

    /** The segment if it has been made in this process or an ancestor, else null. */
    static shared_segment* existing() noexcept;

    shared_segment(const shared_segment&) = delete;
    shared_segment& operator=(const shared_segment&) = delete;

    /** The largest object `construct` takes from the state slab. */
    static constexpr std::size_t slab_max_object = 1024;

    /** Allocates `bytes` aligned to `alignment` (a power of two): from the
        heap, or from the arena for large blocks and when the heap is full
        (up to 64-byte alignment there).
        @throws segment_exhausted_error when no block is large enough; the
        segment stays usable; it reports the largest block it could give.
        @throws owner_died_error("segment allocator owner died") once a
        process died inside the heap: the segment is poisoned for heap
        allocation, and objects already made keep working. */
    void* allocate(std::size_t bytes, std::size_t alignment = alignof(std::max_align_t));

    /** Frees a block from `allocate`. Never throws, and never waits for the
        heap's lock outside the process that made the segment: another
        process's heap blocks are listed for the next `allocate`. On a
        poisoned segment heap blocks are leaked. Given `bytes`, the size it
        was allocated with, the whole pages inside a large block go back to
        the system (the block's own size is not read: the heap's block headers
        may be written by another thread at that moment). */
    void deallocate(void* p, std::size_t bytes = 0) noexcept;

    /** A block for an object state of `bytes` (at most `slab_max_object`,
        64-byte aligned) from the slab's free list of its size, else carved
        from a slab page (pages come from the heap, then the arena).
        @throws segment_exhausted_error. */
    void* allocate_small(std::size_t bytes);

    /** Gives back a block from `allocate_small` of the same `bytes`:
        lock-free, so safe in any process at any time. */
    void deallocate_small(void* p, std::size_t bytes) noexcept;

    /** Allocates and constructs a `T` (small states from the slab); frees
        the block if the constructor throws. */
    template <class T, class... Args>
    T* construct(Args&&... args)
    {
        void* p = from_slab<T> ? allocate_small(sizeof(T)) : allocate(sizeof(T), alignof(T));
        try {
            return ::new (p) T(std::forward<Args>(args)...);
        } catch (...) {
            release<T>(p);
            throw;
        }
    }

    /** Destroys and frees an object made by `construct`. */
    template <class T>
    void destroy(T* p) noexcept
    {
        static_assert(std::is_nothrow_destructible_v<T>);
        p->~T();
        release<T>(p);
    }

    /** The crash-safe arena over most of the segment. */
    chunk_arena& arena() const noexcept { return *arena_; }

    /** The object of type `T` registered under `id`, made with `T()` by the
        first caller in any process. `T` must be default-constructible and
        must never be destroyed. */
    template <class T>
    T& singleton(segment_singleton id)
    {
        std::atomic<std::uint64_t>& slot = singleton_slot(id);
        std::uint64_t off = slot.load(std::memory_order_acquire);
        if (FREETHREADING_LIKELY(off != 0))
            return *static_cast<T*>(address_of(off));
        T* made = construct<T>();
        std::uint64_t expected = 0;
        if (slot.compare_exchange_strong(expected, offset_of(made), std::memory_order_acq_rel))
            return *made;
        destroy(made);
        return *static_cast<T*>(address_of(expected));
    }

    /** The offset of `p` from the start of the segment (for encoding). */
    std::uint64_t offset_of(const void* p) const noexcept
    {
        return static_cast<std::uint64_t>(static_cast<const char*>(p) - base_);
    }

    /** The address of an offset from `offset_of`.
        @throws std::out_of_range if the offset is outside the segment. */
    void* address_of(std::uint64_t offset) const;

    /** `base + offset` without a check, for offsets validated by `contains`. */
    void* address_of_unchecked(std::uint64_t offset) const noexcept { return base_ + offset; }

    /** True if `[p, p + bytes)` lies inside the segment. */
    bool contains(const void* p, std::size_t bytes = 1) const noexcept
    {
        const char* c = static_cast<const char*>(p);
        return c >= base_ && bytes <= size_ && c - base_ <= static_cast<std::ptrdiff_t>(size_ - bytes);
    }

    /** The size of the mapping in bytes. */
    std::size_t size() const noexcept { return size_; }

    /** The bytes free in the heap and the arena (possibly fragmented; the
        slab's free states are not counted). */
    std::size_t free_memory() const noexcept;

    /** The largest block `allocate` could give now. */
    std::size_t largest_free_block() const noexcept;

    /** True once a process died inside the heap. */
    bool poisoned() const noexcept;

private:
    template <class T>
    static constexpr bool from_slab = sizeof(T) <= slab_max_object && alignof(T) <= 64;

    template <class T>
    void release(void* p) noexcept
    {
        if constexpr (from_slab<T>)
            deallocate_small(p, sizeof(T));
        else
            deallocate(p, sizeof(T));
    }

    shared_segment(char* base, std::size_t size);
    std::atomic<std::uint64_t>& singleton_slot(segment_singleton id) noexcept;
    void* heap_allocate(std::size_t bytes, std::size_t alignment);
    void heap_deallocate(void* p, std::size_t bytes) noexcept;
    void drain_deferred() noexcept;
    void* slab_page(std::size_t& bytes);

    char* base_;
    std::size_t size_;
    void* manager_;       // the Boost.Interprocess managed buffer, in process memory
    chunk_arena* arena_;  // in the segment's first page
};

/** Parses a `FREETHREADING_SHM_SIZE` value: `<digits>[K|M|G]`, binary units,
    at least 1M. @throws std::invalid_argument naming the value and the grammar. */
FREETHREADING_CORE_DECL std::size_t parse_segment_size(const char* text);

/** The default size when `FREETHREADING_SHM_SIZE` is unset (DESIGN §6). */
FREETHREADING_CORE_DECL std::size_t default_segment_size() noexcept;

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_SHARED_SEGMENT_HPP
