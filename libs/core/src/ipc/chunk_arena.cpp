//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/ipc/chunk_arena.hpp>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <new>
#include <sys/mman.h>

namespace freethreading::detail {

namespace {

constexpr std::size_t page = 4096;
constexpr std::uint64_t index_mask = block_list<chunk_arena::granule>::index_mask;

// Gives the pages of a chunk past its first back to the system: the first
// keeps the header that a popping process may still read.
void release_pages(std::byte* chunk, std::size_t bytes) noexcept
{
    if (bytes <= page)
        return;
    void* from = chunk + page;
    const std::size_t length = bytes - page;
    // MADV_REMOVE frees the pages of a shared mapping; a private one (an
    // arena over process memory) answers EINVAL and takes MADV_DONTNEED.
    if (::madvise(from, length, MADV_REMOVE) != 0 && errno == EINVAL)
        (void)::madvise(from, length, MADV_DONTNEED);
}

} // namespace

chunk_arena::chunk_arena(void* region, std::size_t bytes, unsigned char* map) noexcept : map_(map)
{
    const auto start = reinterpret_cast<std::uintptr_t>(region);
    const std::uintptr_t aligned = (start + page - 1) & ~std::uintptr_t(page - 1);
    const std::size_t usable_bytes = bytes > aligned - start ? bytes - (aligned - start) : 0;
    const std::uint64_t granules = std::min<std::uint64_t>(usable_bytes / granule, index_mask - 1);
    begin_ = aligned;
    end_ = aligned + granules * granule;
}

chunk_arena* chunk_arena::create_in(void* block, std::size_t bytes) noexcept
{
    // The arena, then its map, then whole pages of chunks.
    const std::size_t map_at = sizeof(chunk_arena);
    const std::size_t own = (map_at + map_bytes(bytes) + page - 1) / page * page;
    const auto start = reinterpret_cast<std::uintptr_t>(block);
    if (start % alignof(chunk_arena) != 0 || bytes < own + granule)
        return nullptr;
    auto* b = static_cast<unsigned char*>(block);
    auto* arena = ::new (block) chunk_arena(b + own, bytes - own, b + map_at);
    if (arena->capacity() == 0) {
        arena->~chunk_arena();
        return nullptr;
    }
    return arena;
}

unsigned chunk_arena::class_for(std::size_t bytes) noexcept
{
    if (bytes > usable(classes - 1))
        return classes;
    const std::size_t granules = bytes == 0 ? 1 : (bytes + granule - 1) / granule;
    return static_cast<unsigned>(std::bit_width(granules - 1));
}

// A chunk's class is written by the process that holds it, before the chunk
// is listed or handed out, and read by the one that gives it back.
void chunk_arena::set_class(const std::byte* chunk, unsigned k) noexcept
{
    std::atomic_ref<unsigned char>(map_[index_of(chunk)]).store(static_cast<unsigned char>(k),
                                                                std::memory_order_relaxed);
}

unsigned chunk_arena::class_of(const std::byte* chunk) const noexcept
{
    return std::atomic_ref<unsigned char>(map_[index_of(chunk)]).load(std::memory_order_relaxed);
}

std::byte* chunk_arena::pop(unsigned k) noexcept
{
    std::byte* chunk = free_[k].pop(base());
    if (chunk != nullptr)
        listed_[k].fetch_sub(1, std::memory_order_relaxed);
    return chunk;
}

void chunk_arena::push(std::byte* chunk, unsigned k) noexcept
{
    set_class(chunk, k);
    free_[k].push(base(), chunk);
    listed_[k].fetch_add(1, std::memory_order_relaxed);
}

std::byte* chunk_arena::carve(unsigned k) noexcept
{
    const std::uint64_t total = (end_ - begin_) / granule;
    const std::uint64_t need = std::uint64_t(1) << k;
    std::uint64_t b = bump_.load(std::memory_order_relaxed);
    do {
        if (total - b < need)
            return nullptr;
    } while (!bump_.compare_exchange_weak(b, b + need, std::memory_order_relaxed));
    return chunk_at(b);
}

// Takes the smallest larger free chunk, keeps its first `granule << k`
// bytes and lists each remaining half in its own class.
std::byte* chunk_arena::split_larger(unsigned k) noexcept
{
    for (unsigned j = k + 1; j < classes; ++j) {
        if (free_[j].empty())
            continue;
        std::byte* chunk = pop(j);
        if (chunk == nullptr)
            continue;
        for (unsigned i = j; i-- > k;)
            push(chunk + (granule << i), i);
        return chunk;
    }
    return nullptr;
}

void* chunk_arena::allocate(std::size_t bytes) noexcept
{
    const unsigned k = class_for(bytes);
    if (k >= classes)
        return nullptr;
    std::byte* chunk = pop(k);
    if (chunk == nullptr)
        chunk = carve(k);
    if (chunk == nullptr)
        chunk = split_larger(k);
    if (chunk != nullptr)
        set_class(chunk, k);
    return chunk;
}

void chunk_arena::deallocate(void* p) noexcept
{
    if (p == nullptr)
        return;
    auto* chunk = static_cast<std::byte*>(p);
    const unsigned k = class_of(chunk);
    release_pages(chunk, granule << k);
    push(chunk, k);
}

std::size_t chunk_arena::size_of(const void* p) const noexcept
{
    return usable(class_of(static_cast<const std::byte*>(p)));
}

std::size_t chunk_arena::available() const noexcept
{
    const std::uint64_t total = (end_ - begin_) / granule;
    std::uint64_t granules = total - std::min(total, bump_.load(std::memory_order_relaxed));
    for (unsigned k = 0; k < classes; ++k)
        granules += static_cast<std::uint64_t>(std::max<std::int64_t>(0, listed_[k].load(std::memory_order_relaxed)))
                    << k;
    return static_cast<std::size_t>(std::min(granules, total) * granule);
}

std::size_t chunk_arena::largest() const noexcept
{
    const std::uint64_t total = (end_ - begin_) / granule;
    const std::uint64_t rest = total - std::min(total, bump_.load(std::memory_order_relaxed));
    unsigned best = rest == 0 ? classes : std::min(classes - 1, static_cast<unsigned>(std::bit_width(rest) - 1));
    for (unsigned k = classes; k-- > 0;)
        if (!free_[k].empty()) {
            if (best == classes || k > best)
                best = k;
            break;
        }
    return best == classes ? 0 : usable(best);
}

} // namespace freethreading::detail
