//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_SHARED_SEGMENT_HPP
#define FREETHREADING_CORE_IPC_SHARED_SEGMENT_HPP

#include <freethreading/core/config.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

/** The fixed objects of the segment that are made on first use by whichever
    process needs them first, and shared by every process that sees the
    segment. Each id names one object type for the life of the segment. */
enum class segment_singleton : unsigned { liveness_table, worker_registry, reserved_2, reserved_3,
                                          reserved_4, reserved_5, reserved_6, reserved_7 };

/** The shared-memory segment of the multiprocessing backend (DESIGN §6).

    One anonymous `MAP_SHARED | MAP_NORESERVE` mapping per program, managed
    by a Boost.Interprocess best-fit allocator under a robust process-shared
    lock. It has no name, so nothing appears in `/dev/shm` and nothing
    outlives the last process. It is made by the first `instance()` call and
    inherited, at the same address, by every process forked afterwards.

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

    /** Allocates `bytes` aligned to `alignment` (a power of two).
        @throws segment_exhausted_error when no block is large enough; the
        segment stays usable.
        @throws owner_died_error("segment allocator owner died") once a
        process died inside the allocator: the segment is poisoned for
        allocation, and objects already made keep working. */
    void* allocate(std::size_t bytes, std::size_t alignment = alignof(std::max_align_t));

    /** Frees a block from `allocate`. Never throws: on a poisoned segment
        the block is leaked. Given `bytes`, the size it was allocated with,
        the whole pages inside a large block go back to the system (the
        block's own size is not read: the allocator's block headers may be
        written by another thread at that moment). */
    void deallocate(void* p, std::size_t bytes = 0) noexcept;

    /** Allocates and constructs a `T`; frees the block if the constructor throws. */
    template <class T, class... Args>
    T* construct(Args&&... args)
    {
        void* p = allocate(sizeof(T), alignof(T));
        try {
            return ::new (p) T(std::forward<Args>(args)...);
        } catch (...) {
            deallocate(p, sizeof(T));
            throw;
        }
    }

    /** Destroys and frees an object made by `construct`. */
    template <class T>
    void destroy(T* p) noexcept
    {
        static_assert(std::is_nothrow_destructible_v<T>);
        p->~T();
        deallocate(p, sizeof(T));
    }

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

    /** The bytes the allocator has free (possibly fragmented). */
    std::size_t free_memory() const noexcept;

    /** True once a process died inside the allocator. */
    bool poisoned() const noexcept;

private:
    shared_segment(char* base, std::size_t size);
    std::atomic<std::uint64_t>& singleton_slot(segment_singleton id) noexcept;

    char* base_;
    std::size_t size_;
    void* manager_; // the Boost.Interprocess managed buffer, in process memory
};

/** Parses a `FREETHREADING_SHM_SIZE` value: `<digits>[K|M|G]`, binary units,
    at least 1M. @throws std::invalid_argument naming the value and the grammar. */
FREETHREADING_CORE_DECL std::size_t parse_segment_size(const char* text);

/** The default size when `FREETHREADING_SHM_SIZE` is unset (DESIGN §6). */
FREETHREADING_CORE_DECL std::size_t default_segment_size() noexcept;

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_SHARED_SEGMENT_HPP
