//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The segment's slab of small object states: one lock-free free list per
// size, and a page being carved per size (doc/design-notes.md, "The
// segment's three allocators").

#include <freethreading/core/ipc/shared_segment.hpp>
#include <freethreading/core/errors.hpp>

#include "segment_root.hpp"

#include <stdexcept>
#include <string>

namespace freethreading::detail {

using namespace segment_layout;

void* shared_segment::slab_page(std::size_t& bytes)
{
    // The heap first (this is the making of an object), then the arena; a
    // heap with no room left for a whole page gives a smaller one.
    if (!poisoned())
        for (std::size_t want = slab_page_bytes; want >= 1024; want /= 4) {
            void* p = nullptr;
            try {
                p = heap_allocate(want, 64);
            } catch (const owner_died_error&) {
                break;
            }
            if (p != nullptr) {
                bytes = want;
                return p;
            }
        }
    bytes = slab_page_bytes;
    return arena_->allocate(slab_page_bytes);
}

void* shared_segment::allocate_small(std::size_t bytes)
{
    const std::size_t k = bytes == 0 ? 0 : (bytes + 63) / 64 - 1;
    if (k >= slab_classes)
        throw std::invalid_argument("freethreading: a slab state of " + std::to_string(bytes) +
                                    " bytes is above " + std::to_string(slab_max_object));
    const std::size_t size = (k + 1) * 64;
    slab_class& c = root_of(base_).slab[k];
    if (std::byte* p = c.free.pop(list_base(base_)))
        return p;
    constexpr std::uint64_t left_mask = (std::uint64_t(1) << 24) - 1;
    char* fresh = nullptr;
    std::size_t fresh_bytes = 0;
    std::uint64_t word = c.carve.load(std::memory_order_acquire);
    for (;;) {
        if (const std::uint64_t left = word & left_mask; left != 0) {
            if (!c.carve.compare_exchange_weak(word, word - 1, std::memory_order_acq_rel, std::memory_order_acquire))
                continue;
            if (fresh != nullptr)
                deallocate(fresh, fresh_bytes); // another carver installed its page first
            return base_ + (word >> 24) * 64 + (left - 1) * size;
        }
        if (fresh == nullptr) {
            fresh = static_cast<char*>(slab_page(fresh_bytes));
            if (fresh == nullptr)
                throw segment_exhausted_error(bytes, largest_free_block());
            word = c.carve.load(std::memory_order_acquire);
            continue;
        }
        const std::uint64_t count = fresh_bytes / size;
        const std::uint64_t installed = static_cast<std::uint64_t>(fresh - base_) / 64 << 24 | (count - 1);
        if (c.carve.compare_exchange_weak(word, installed, std::memory_order_acq_rel, std::memory_order_acquire))
            return fresh + (count - 1) * size;
    }
}

void shared_segment::deallocate_small(void* p, std::size_t bytes) noexcept
{
    const std::size_t k = bytes == 0 ? 0 : (bytes + 63) / 64 - 1;
    root_of(base_).slab[k].free.push(list_base(base_), static_cast<std::byte*>(p));
}

} // namespace freethreading::detail
