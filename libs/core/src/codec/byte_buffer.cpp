//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/codec/byte_buffer.hpp>

#include <cstdlib>
#include <limits>
#include <new>
#include <stdexcept>

namespace freethreading::detail {

void byte_buffer::grow(std::size_t extra)
{
    if (extra > std::numeric_limits<std::size_t>::max() - size_)
        throw std::length_error("freethreading: byte_buffer size overflow");
    const std::size_t needed = size_ + extra;
    // Doubling keeps appends amortized constant; the floor avoids a string of
    // tiny reallocations for the first few small records.
    std::size_t capacity = capacity_ > std::numeric_limits<std::size_t>::max() / 2
                               ? std::numeric_limits<std::size_t>::max()
                               : capacity_ * 2;
    if (capacity < needed)
        capacity = needed;
    if (capacity < 64)
        capacity = 64;
    void* grown = std::realloc(data_, capacity);
    if (grown == nullptr)
        throw std::bad_alloc();
    data_ = static_cast<std::byte*>(grown);
    capacity_ = capacity;
}

} // namespace freethreading::detail
