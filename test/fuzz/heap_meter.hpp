//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_FUZZ_HEAP_METER_HPP
#define FREETHREADING_TEST_FUZZ_HEAP_METER_HPP

// Counts the heap a stretch of code holds, through the sanitizer allocator's
// hooks (every malloc, operator new and realloc of the process goes through
// them), so that a fuzz target can check how much memory a decoder took for
// the bytes it was given. Only the thread that armed the meter is counted.

#include <sanitizer/allocator_interface.h>

#include <cstddef>

namespace freethreading_fuzz {

class heap_meter
{
public:
    /** Starts counting on this thread: held bytes and their peak from zero. */
    heap_meter() noexcept
    {
        install();
        held_ = 0;
        peak_ = 0;
        armed_ = true;
    }
    heap_meter(const heap_meter&) = delete;
    heap_meter& operator=(const heap_meter&) = delete;
    ~heap_meter() { armed_ = false; }

    /** The most bytes held at once since construction, counting only blocks
        allocated since then (a block freed that was allocated before does
        not lower the count below zero). */
    std::size_t peak() const noexcept { return peak_; }

private:
    static void on_malloc(const volatile void*, std::size_t size) noexcept
    {
        if (!armed_)
            return;
        held_ += size;
        if (held_ > peak_)
            peak_ = held_;
    }

    static void on_free(const volatile void* p) noexcept
    {
        if (!armed_ || p == nullptr)
            return;
        const std::size_t size = __sanitizer_get_allocated_size(p);
        held_ = size < held_ ? held_ - size : 0;
    }

    static void install() noexcept
    {
        static const bool installed = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free) != 0;
        (void)installed;
    }

    // Thread-locals of the executable: reading them never allocates, which a
    // malloc hook must not do.
    static inline thread_local bool armed_ = false;
    static inline thread_local std::size_t held_ = 0;
    static inline thread_local std::size_t peak_ = 0;
};

} // namespace freethreading_fuzz

#endif // FREETHREADING_TEST_FUZZ_HEAP_METER_HPP
