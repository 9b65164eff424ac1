//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_SRC_IPC_SEGMENT_ROOT_HPP
#define FREETHREADING_CORE_SRC_IPC_SEGMENT_ROOT_HPP

// The segment's first page and the lock-free lists it keeps (private to
// shared_segment.cpp and segment_slab.cpp).

#include <freethreading/core/ipc/block_list.hpp>
#include <freethreading/core/ipc/chunk_arena.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <boost/interprocess/indexes/iset_index.hpp>
#include <boost/interprocess/managed_external_buffer.hpp>
#include <boost/interprocess/mem_algo/rbtree_best_fit.hpp>
#include <boost/interprocess/sync/mutex_family.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

namespace freethreading::detail::segment_layout {

namespace bip = boost::interprocess;

// The typedef bip::managed_external_buffer uses null_mutex_family (no lock at
// all); spell the allocator with the process-shared, robust mutex_family.
using managed_buffer =
    bip::basic_managed_external_buffer<char, bip::rbtree_best_fit<bip::mutex_family>, bip::iset_index>;

constexpr std::size_t root_bytes = 4096;             // our fixed header; the heap follows
constexpr std::size_t madvise_threshold = 64 * 1024; // give back the pages of blocks this large
constexpr std::uint64_t segment_magic = 0x66742d7365676d32; // "ft-segm2"
// The heap takes at least an eighth of the segment (and this much), the
// arena the whole granules after it.
constexpr std::size_t heap_share = 8;
constexpr std::size_t heap_floor = 128 * 1024;
// Blocks this large are taken from the arena first: the heap is for the
// odd-sized parts objects are made of.
constexpr std::size_t arena_first = 1024 * 1024;
constexpr std::size_t slab_classes = shared_segment::slab_max_object / 64;
constexpr std::size_t slab_page_bytes = chunk_arena::usable(0);

// One size of small states: freed ones, and the page being carved (from its
// end: the page's index in 64-byte units << 24 | the states left in it).
struct alignas(64) slab_class
{
    block_list<64> free;
    std::atomic<std::uint64_t> carve{0};
};

// A heap block freed by another process than the segment's maker, waiting
// for the next allocate: its size is kept in its second word.
constexpr std::size_t deferred_min = 16;

// The first page of the mapping: what every process needs before it can use
// the allocators, and the flag that poisons the heap.
struct segment_root
{
    std::uint64_t magic = segment_magic;
    std::atomic<std::uint32_t> poisoned{0};
    std::int32_t maker = 0; // the process that made the segment: it alone frees heap blocks at once
    std::atomic<std::uint64_t> singletons[static_cast<unsigned>(segment_singleton::count)] = {};
    alignas(64) block_list<16> deferred;
    std::atomic<std::uint64_t> deferred_bytes{0};
    slab_class slab[slab_classes];
    alignas(chunk_arena) unsigned char arena[sizeof(chunk_arena)];
};
static_assert(sizeof(segment_root) <= root_bytes);

/** The segment's base as the lists' base. */
inline std::byte* list_base(char* base) noexcept
{
    return reinterpret_cast<std::byte*>(base);
}

inline segment_root& root_of(char* base) noexcept
{
    return *reinterpret_cast<segment_root*>(base);
}

inline managed_buffer& manager_of(void* m) noexcept
{
    return *static_cast<managed_buffer*>(m);
}

} // namespace freethreading::detail::segment_layout

#endif // FREETHREADING_CORE_SRC_IPC_SEGMENT_ROOT_HPP
