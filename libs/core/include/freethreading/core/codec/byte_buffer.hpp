//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_BYTE_BUFFER_HPP
#define FREETHREADING_CORE_CODEC_BYTE_BUFFER_HPP

#include <freethreading/core/config.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace freethreading::detail {

/** The growable byte array that encoding appends to.

    Meant to be kept and reused: `clear()` keeps the capacity, so a steady
    stream of records of similar size allocates only at the start. Growth
    uses `realloc` and leaves new bytes uninitialized, because every byte the
    codec exposes is written before `size()` covers it.

    @par Thread Safety
    Distinct objects: safe. Shared objects: unsafe.
*/
class byte_buffer
{
public:
    byte_buffer() noexcept = default;

    /** Allocates `capacity` bytes up front. @throws std::bad_alloc */
    explicit byte_buffer(std::size_t capacity) { reserve(capacity); }

    byte_buffer(byte_buffer&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)),
          size_(std::exchange(other.size_, 0)),
          capacity_(std::exchange(other.capacity_, 0))
    {
    }

    byte_buffer& operator=(byte_buffer&& other) noexcept
    {
        byte_buffer(std::move(other)).swap(*this);
        return *this;
    }

    // A copy of a scratch buffer is nearly always a mistake; move it instead.
    byte_buffer(const byte_buffer&) = delete;
    byte_buffer& operator=(const byte_buffer&) = delete;

    ~byte_buffer() { std::free(data_); }

    void swap(byte_buffer& other) noexcept
    {
        std::swap(data_, other.data_);
        std::swap(size_, other.size_);
        std::swap(capacity_, other.capacity_);
    }

    const std::byte* data() const noexcept { return data_; }
    std::byte* data() noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return capacity_; }
    bool empty() const noexcept { return size_ == 0; }

    /** The encoded bytes, for `decode<T>(std::span<const std::byte>)`. */
    std::span<const std::byte> bytes() const noexcept { return {data_, size_}; }

    /** Forgets the contents and keeps the capacity. */
    void clear() noexcept { size_ = 0; }

    /** Makes room for `capacity` bytes in all. @throws std::bad_alloc */
    void reserve(std::size_t capacity)
    {
        if (capacity > capacity_)
            grow(capacity - size_);
    }

    /** Appends `n` uninitialized bytes and returns where they start; the
        caller writes all of them. @throws std::bad_alloc */
    std::byte* extend(std::size_t n)
    {
        if (FREETHREADING_UNLIKELY(n > capacity_ - size_))
            grow(n);
        std::byte* at = data_ + size_;
        size_ += n;
        return at;
    }

    /** Appends `n` bytes copied from `source`. @throws std::bad_alloc */
    void append(const void* source, std::size_t n)
    {
        std::byte* at = extend(n);
        // An empty container's data() may be null, which memcpy must not see.
        if (n != 0)
            std::memcpy(at, source, n);
    }

    /** Appends the object representation of `value`. */
    template <class T>
        requires std::is_trivially_copyable_v<T>
    void put(const T& value)
    {
        std::memcpy(extend(sizeof(T)), &value, sizeof(T));
    }

private:
    // Out of line: the cold path of extend(), kept out of every caller.
    FREETHREADING_CORE_DECL void grow(std::size_t extra);

    std::byte* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

/** What `codec_traits<T>::encode` writes to (see traits.hpp). */
using byte_writer = byte_buffer;

/** Reads a trivially copyable `T` from possibly unaligned bytes. Works for
    types without a default constructor and for types with const members,
    which a memcpy into an existing object would not. */
template <class T>
    requires std::is_trivially_copyable_v<T>
T load_raw(const std::byte* from) noexcept
{
    std::array<std::byte, sizeof(T)> bytes;
    std::memcpy(bytes.data(), from, sizeof(T));
    return std::bit_cast<T>(bytes);
}

// The failure paths of byte_reader, out of line so that the checks inlined into
// every decoder stay a compare and a branch. Each throws freethreading::decode_error
// whose message names the type being decoded and the offset.
[[noreturn]] FREETHREADING_CORE_DECL void throw_truncated(const std::type_info& what,
                                                          std::size_t needed, std::size_t at,
                                                          std::size_t size);
[[noreturn]] FREETHREADING_CORE_DECL void throw_bad_count(const std::type_info& what,
                                                          std::uint64_t count,
                                                          std::size_t min_element_size,
                                                          std::size_t at, std::size_t size);
[[noreturn]] FREETHREADING_CORE_DECL void throw_malformed(const std::type_info& what,
                                                          const char* why, std::size_t at,
                                                          std::size_t size);

/** A bounds-checked cursor over bytes that `encode` produced.

    Every read checks the bytes that remain first and throws
    `freethreading::decode_error` instead of reading past the end, so
    truncated or corrupted input is an exception, never undefined behaviour.
    It does not own the bytes.

    @par Thread Safety
    Distinct objects: safe. Shared objects: unsafe.
*/
class byte_reader
{
public:
    byte_reader() noexcept = default;

    byte_reader(const std::byte* data, std::size_t size) noexcept
        : begin_(data), cursor_(data), end_(data + size)
    {
    }

    explicit byte_reader(std::span<const std::byte> bytes) noexcept
        : byte_reader(bytes.data(), bytes.size())
    {
    }

    std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - cursor_); }
    std::size_t position() const noexcept { return static_cast<std::size_t>(cursor_ - begin_); }
    std::size_t size() const noexcept { return static_cast<std::size_t>(end_ - begin_); }
    bool empty() const noexcept { return cursor_ == end_; }

    /** Moves past the next `n` bytes and returns where they start.
        @throws decode_error naming `what` when fewer than `n` remain. */
    const std::byte* take(std::size_t n, const std::type_info& what)
    {
        if (FREETHREADING_UNLIKELY(n > remaining()))
            throw_truncated(what, n, position(), size());
        const std::byte* at = cursor_;
        cursor_ += n;
        return at;
    }

    /** Reads the object representation of a trivially copyable `T`.
        @throws decode_error naming `what` when too few bytes remain. */
    template <class T>
    T get(const std::type_info& what)
    {
        return load_raw<T>(take(sizeof(T), what));
    }

    /** Reads a 64-bit element count and checks that the bytes left can hold
        that many elements of at least `min_element_size` bytes each, so a
        corrupted count is caught before anything is allocated for it.
        @throws decode_error naming `what`. */
    std::size_t get_count(std::size_t min_element_size, const std::type_info& what)
    {
        const auto count = get<std::uint64_t>(what);
        if (FREETHREADING_UNLIKELY(count > remaining() / min_element_size))
            throw_bad_count(what, count, min_element_size, position(), size());
        return static_cast<std::size_t>(count);
    }

    /** Throws decode_error saying that `what` is malformed because `why`. */
    [[noreturn]] void fail(const char* why, const std::type_info& what) const
    {
        throw_malformed(what, why, position(), size());
    }

private:
    const std::byte* begin_ = nullptr;
    const std::byte* cursor_ = nullptr;
    const std::byte* end_ = nullptr;
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_BYTE_BUFFER_HPP
