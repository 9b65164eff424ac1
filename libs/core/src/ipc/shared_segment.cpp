//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/ipc/shared_segment.hpp>
#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>

#include "segment_root.hpp"

#include <boost/interprocess/exceptions.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <sys/mman.h>
#include <system_error>
#include <unistd.h>

namespace freethreading::detail {

using namespace segment_layout;

namespace {

std::atomic<shared_segment*> the_segment{nullptr};

std::mutex& creation_mutex()
{
    static std::mutex& m = make_fork_guard(); // never destroyed: used during exit
    return m;
}

const bool hooks = register_fork_guard<creation_mutex>();

std::string overcommit_mode()
{
    std::FILE* f = std::fopen("/proc/sys/vm/overcommit_memory", "r");
    int mode = -1;
    if (f != nullptr) {
        if (std::fscanf(f, "%d", &mode) != 1)
            mode = -1;
        std::fclose(f);
    }
    return mode < 0 ? "unknown" : std::to_string(mode);
}

[[noreturn]] void throw_poisoned()
{
    throw owner_died_error("segment allocator owner died: a process was killed inside the "
                           "shared-memory allocator, so the segment can no longer allocate "
                           "(objects already made keep working)");
}

// Where the arena starts: after the root and the heap's share, whole
// granules to the end of the mapping.
std::size_t arena_offset(std::size_t size) noexcept
{
    const std::size_t heap = std::max(size / heap_share, heap_floor);
    if (size < root_bytes + heap + chunk_arena::granule)
        return size;
    const std::size_t granules = (size - root_bytes - heap) / chunk_arena::granule;
    return size - granules * chunk_arena::granule;
}

} // namespace

shared_segment& shared_segment::instance()
{
    if (shared_segment* s = the_segment.load(std::memory_order_acquire); FREETHREADING_LIKELY(s != nullptr))
        return *s;
    (void)hooks;
    std::lock_guard<std::mutex> guard(creation_mutex());
    if (shared_segment* s = the_segment.load(std::memory_order_relaxed))
        return *s;

    const char* configured = std::getenv("FREETHREADING_SHM_SIZE");
    const std::size_t size = configured != nullptr ? parse_segment_size(configured) : default_segment_size();
    void* base = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        const int err = errno;
        throw std::system_error(err, std::system_category(),
                                "freethreading: cannot map " + std::to_string(size) +
                                    " bytes of shared memory (FREETHREADING_SHM_SIZE=" +
                                    (configured != nullptr ? configured : "unset") +
                                    ", vm.overcommit_memory=" + overcommit_mode() +
                                    "); set FREETHREADING_SHM_SIZE to a smaller size");
    }
    char* b = static_cast<char*>(base);
    segment_root& root = *::new (b) segment_root();
    root.maker = this_process_id();
    const std::size_t arena_at = arena_offset(size);
    // The process-local Boost handle and our descriptor are never destroyed:
    // daemon threads may still use the segment while the program exits.
    auto* manager = new managed_buffer(bip::create_only, b + root_bytes, arena_at - root_bytes);
    const std::size_t map_bytes = chunk_arena::map_bytes(size - arena_at);
    auto* map = static_cast<unsigned char*>(manager->get_segment_manager()->allocate(map_bytes == 0 ? 1 : map_bytes));
    auto* arena = ::new (root.arena) chunk_arena(b + arena_at, size - arena_at, map);
    auto* s = new shared_segment(b, size);
    s->manager_ = manager;
    s->arena_ = arena;
    the_segment.store(s, std::memory_order_release);
    return *s;
}

shared_segment* shared_segment::existing() noexcept
{
    return the_segment.load(std::memory_order_acquire);
}

shared_segment::shared_segment(char* base, std::size_t size)
    : base_(base), size_(size), manager_(nullptr), arena_(nullptr)
{
}

void* shared_segment::heap_allocate(std::size_t bytes, std::size_t alignment)
{
    if (root_of(base_).poisoned.load(std::memory_order_acquire) != 0)
        throw_poisoned();
    drain_deferred();
    auto* sm = manager_of(manager_).get_segment_manager();
    try {
        return alignment <= alignof(std::max_align_t) ? sm->allocate(bytes, std::nothrow)
                                                      : sm->allocate_aligned(bytes, alignment, std::nothrow);
    } catch (const bip::interprocess_exception&) {
        // Boost's robust mutex reports a dead owner by making the lock
        // unrecoverable; from now on every allocation would fail the same way.
        root_of(base_).poisoned.store(1, std::memory_order_release);
        throw_poisoned();
    }
}

void shared_segment::heap_deallocate(void* p, std::size_t bytes) noexcept
{
    auto* sm = manager_of(manager_).get_segment_manager();
    try {
        // Before the block is freed, nobody else can be using it: return the
        // whole pages inside it to the system (deallocate alone keeps them).
        if (bytes >= madvise_threshold) {
            const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
            const auto first = (reinterpret_cast<std::uintptr_t>(p) + page - 1) & ~(page - 1);
            const auto last = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(page - 1);
            if (last > first)
                ::madvise(reinterpret_cast<void*>(first), last - first, MADV_REMOVE);
        }
        sm->deallocate(p);
    } catch (const bip::interprocess_exception&) {
        root_of(base_).poisoned.store(1, std::memory_order_release);
    }
}

// Hands the heap blocks other processes freed to the heap.
void shared_segment::drain_deferred() noexcept
{
    segment_root& root = root_of(base_);
    if (root.deferred.empty())
        return;
    while (std::byte* block = root.deferred.pop(list_base(base_))) {
        const std::uint64_t bytes = block_list<16>::link(block + 8).load(std::memory_order_relaxed);
        root.deferred_bytes.fetch_sub(bytes, std::memory_order_relaxed);
        heap_deallocate(block, static_cast<std::size_t>(bytes));
        if (root.poisoned.load(std::memory_order_acquire) != 0)
            return;
    }
}

void* shared_segment::allocate(std::size_t bytes, std::size_t alignment)
{
    if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        throw std::invalid_argument("freethreading: allocation alignment " + std::to_string(alignment) +
                                    " is not a power of two");
    const bool arena_fits = alignment <= 64;
    if (arena_fits && bytes >= arena_first)
        if (void* p = arena_->allocate(bytes))
            return p;
    if (void* p = heap_allocate(std::max(bytes, deferred_min), alignment))
        return p;
    if (arena_fits && bytes < arena_first)
        if (void* p = arena_->allocate(bytes))
            return p;
    throw segment_exhausted_error(bytes, largest_free_block());
}

void shared_segment::deallocate(void* p, std::size_t bytes) noexcept
{
    if (p == nullptr)
        return;
    if (arena_->contains(p)) {
        arena_->deallocate(p);
        return;
    }
    segment_root& root = root_of(base_);
    if (root.poisoned.load(std::memory_order_acquire) != 0)
        return; // a poisoned heap cannot take blocks back: leak them
    if (root.maker == this_process_id()) {
        heap_deallocate(p, bytes);
        return;
    }
    // Another process: no lock that a kill could leave held. The block keeps
    // its size for free_memory() and the madvise of the one who drains it.
    auto* block = static_cast<std::byte*>(p);
    block_list<16>::link(block + 8).store(bytes, std::memory_order_relaxed);
    root.deferred_bytes.fetch_add(bytes, std::memory_order_relaxed);
    root.deferred.push(list_base(base_), block);
}

void* shared_segment::address_of(std::uint64_t offset) const
{
    if (offset < root_bytes || offset >= size_)
        throw std::out_of_range("freethreading: offset " + std::to_string(offset) +
                                " is outside the shared-memory segment");
    return base_ + offset;
}

std::size_t shared_segment::free_memory() const noexcept
{
    return manager_of(manager_).get_free_memory() +
           static_cast<std::size_t>(root_of(base_).deferred_bytes.load(std::memory_order_relaxed)) +
           arena_->available();
}

std::size_t shared_segment::largest_free_block() const noexcept
{
    std::size_t largest = arena_->largest();
    if (poisoned())
        return largest;
    // The heap's best fit gives its largest free block when none is as large
    // as asked: take it and give it back.
    auto* sm = manager_of(manager_).get_segment_manager();
    try {
        std::size_t received = size_;
        char* reuse = nullptr;
        if (char* p = sm->allocation_command<char>(bip::allocate_new | bip::nothrow_allocation, 1, received, reuse)) {
            sm->deallocate(p);
            largest = std::max(largest, received);
        }
    } catch (const bip::interprocess_exception&) {
        root_of(base_).poisoned.store(1, std::memory_order_release);
    }
    return largest;
}

bool shared_segment::poisoned() const noexcept
{
    return root_of(base_).poisoned.load(std::memory_order_acquire) != 0;
}

std::atomic<std::uint64_t>& shared_segment::singleton_slot(segment_singleton id) noexcept
{
    return root_of(base_).singletons[static_cast<unsigned>(id)];
}

} // namespace freethreading::detail
