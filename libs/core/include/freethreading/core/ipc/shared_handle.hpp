//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_SHARED_HANDLE_HPP
#define FREETHREADING_CORE_IPC_SHARED_HANDLE_HPP

#include <freethreading/core/ipc/handle_table.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <concepts>
#include <cstdint>
#include <utility>

namespace freethreading::detail {

// GCC 12 at -O2 reports a handle's pointers as "maybe uninitialized" when
// the handle sits in a std::optional (GCC bug 105562 and relatives); the
// members are always initialized, so the warning is silenced for these classes.
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

/** A handle to an object of type `T` in the shared segment (DESIGN §3).

    A copy refers to the same object; the object is destroyed when the last
    handle in the last process goes. The handle caches the object's absolute
    address, which is the same in every forked process; only encoding uses
    the offset.

    @par Thread Safety
    Distinct handles may be used concurrently; one handle is like a
    `std::shared_ptr` object.
*/
template <class T>
    requires std::derived_from<T, shared_object_header>
class shared_handle
{
public:
    shared_handle() noexcept = default;

    /** Makes a new `T` in the segment.
        @throws segment_exhausted_error, owner_died_error (DESIGN §6). */
    template <class... Args>
    static shared_handle make(Args&&... args)
    {
        shared_segment& segment = shared_segment::instance();
        T* object = segment.construct<T>(std::forward<Args>(args)...);
        object->destroy = &destroy_object;
        try {
            return shared_handle(object, handle_table::adopt_new(object));
        } catch (...) {
            segment.destroy(object);
            throw;
        }
    }

    /** Rebuilds a handle from `encode()`'s value, taking over its reference. */
    static shared_handle decode(std::uint64_t encoded)
    {
        process_reference* r = handle_table::decode_reference(encoded);
        return shared_handle(static_cast<T*>(r->object), r);
    }

    shared_handle(const shared_handle& other) noexcept : object_(other.object_), ref_(other.ref_)
    {
        if (ref_ != nullptr)
            handle_table::add_local(ref_);
    }

    shared_handle(shared_handle&& other) noexcept
        : object_(std::exchange(other.object_, nullptr)), ref_(std::exchange(other.ref_, nullptr))
    {
    }

    shared_handle& operator=(shared_handle other) noexcept
    {
        std::swap(object_, other.object_);
        std::swap(ref_, other.ref_);
        return *this;
    }

    ~shared_handle()
    {
        if (ref_ != nullptr)
            handle_table::release_local(ref_);
    }

    /** Takes a shared reference for a record or task and returns the value
        `decode` accepts. */
    std::uint64_t encode() const noexcept { return handle_table::encode_reference(object_); }

    T* get() const noexcept { return object_; }
    T* operator->() const noexcept { return object_; }
    T& operator*() const noexcept { return *object_; }
    explicit operator bool() const noexcept { return object_ != nullptr; }

    friend bool operator==(const shared_handle& a, const shared_handle& b) noexcept
    {
        return a.object_ == b.object_;
    }

private:
    shared_handle(T* object, process_reference* ref) noexcept : object_(object), ref_(ref) {}

    static void destroy_object(shared_object_header* header) noexcept
    {
        shared_segment::instance().destroy(static_cast<T*>(header));
    }

    T* object_ = nullptr;
    process_reference* ref_ = nullptr;
};

#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic pop
#endif

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_SHARED_HANDLE_HPP
