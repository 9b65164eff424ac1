//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_DETAIL_QUEUE_ITEM_HPP
#define FREETHREADING_QUEUE_DETAIL_QUEUE_ITEM_HPP

// How an item becomes a ring record and back: in process the record IS the
// object (moved in, moved out); in shared memory it is the object's bytes
// when the codec says they are its encoding, else its codec encoding.

#include <freethreading/core/detail/ring/record_ring.hpp>

#include <freethreading/core/codec.hpp>

#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <span>
#include <utility>

namespace freethreading::detail {

template <class T>
struct local_item
{
    static_assert(alignof(T) <= 16, "freethreading::threading::queue: items aligned to more than 16 bytes "
                                    "are not supported");

    template <class U>
    static bool put(ring_state& r, U&& value, steady_time deadline)
    {
        ring_record rec;
        if (ring_begin_put(r, sizeof(T), alignof(T), deadline, rec) != ring_status::ready)
            return false;
        try {
            ::new (static_cast<void*>(rec.payload)) T(std::forward<U>(value));
        } catch (...) {
            ring_abandon_put(r); // nothing was published
            throw;
        }
        ring_commit_put(r);
        return true;
    }

    static std::optional<T> get(ring_state& r, steady_time deadline)
    {
        ring_record rec;
        if (ring_begin_get(r, deadline, rec) != ring_status::ready)
            return std::nullopt;
        T* object = std::launder(reinterpret_cast<T*>(rec.payload));
        std::optional<T> out;
        try {
            out.emplace(std::move(*object));
        } catch (...) {
            ring_abandon_get(r); // the item stays queued
            throw;
        }
        object->~T();
        ring_commit_get(r);
        return out;
    }
};

template <class T>
struct shared_item
{
    static byte_buffer& scratch()
    {
        thread_local byte_buffer buffer;
        buffer.clear();
        return buffer;
    }

    template <class U>
    static bool put(ring_state& r, U&& value, steady_time deadline)
    {
        ring_record rec;
        if constexpr (is_raw<T>()) {
            if (ring_begin_put(r, sizeof(T), 8, deadline, rec) != ring_status::ready)
                return false;
            const T& v = value;
            std::memcpy(rec.payload, std::addressof(v), sizeof(T));
            ring_commit_put(r);
            return true;
        } else {
            byte_buffer& bytes = scratch();
            encode(static_cast<const T&>(value), bytes); // handles take a reference here
            bool ready = false;
            try {
                ready = ring_begin_put(r, bytes.size(), 8, deadline, rec) == ring_status::ready;
            } catch (...) {
                release(bytes);
                throw;
            }
            if (!ready) {
                release(bytes);
                return false;
            }
            std::memcpy(rec.payload, bytes.data(), bytes.size());
            ring_commit_put(r);
            return true;
        }
    }

    static std::optional<T> get(ring_state& r, steady_time deadline)
    {
        ring_record rec;
        if (ring_begin_get(r, deadline, rec) != ring_status::ready)
            return std::nullopt;
        if constexpr (is_raw<T>()) {
            std::optional<T> out(load_raw<T>(rec.payload));
            ring_commit_get(r);
            return out;
        } else {
            std::optional<T> out;
            try {
                out.emplace(decode<T>(std::span<const std::byte>(rec.payload, rec.size)));
            } catch (...) {
                ring_commit_get(r); // a record that does not decode is dropped, not retried forever
                throw;
            }
            ring_commit_get(r);
            return out;
        }
    }

    /** Drops the references an encoding took (an item that was not queued). */
    static void release(const byte_buffer& bytes) noexcept
    {
        try {
            (void)decode<T>(std::span<const std::byte>(bytes.data(), bytes.size()));
        } catch (...) {
        }
    }
};

} // namespace freethreading::detail

#endif // FREETHREADING_QUEUE_DETAIL_QUEUE_ITEM_HPP
