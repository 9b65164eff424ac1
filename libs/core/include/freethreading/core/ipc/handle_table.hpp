//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_HANDLE_TABLE_HPP
#define FREETHREADING_CORE_IPC_HANDLE_TABLE_HPP

#include <freethreading/core/config.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace freethreading::detail {

/** The start of every reference-counted object in the shared segment.

    `references` counts the processes that hold the object plus the encoded
    references in flight (in queue records, task slots). It sits alone on its
    cache line, so the object's futex words, which follow, never share a line
    with it. `destroy` runs in whichever process drops the last reference.
*/
struct alignas(64) shared_object_header
{
    std::atomic<std::uint64_t> references{1};
    void (*destroy)(shared_object_header*) noexcept = nullptr;
};

/** This process's share of one shared object: one per object per process,
    however many handles the process holds. Copies of a handle touch only
    `local`; the shared count changes only when `local` goes 0↔1. */
struct process_reference
{
    shared_object_header* object = nullptr;
    std::atomic<std::size_t> local{1};
    process_reference* prev = nullptr;
    process_reference* next = nullptr;
    // Set by the fork prepare hook: whether it took the child's shared
    // reference for this entry (read only in the child, after the fork).
    bool counted_at_fork = false;
};

/** The per-process table of shared objects held by this process (DESIGN §3).

    At `fork()` the child adopts the table: the prepare hook takes one shared
    reference per live entry on the child's behalf, so an object cannot be
    freed between the fork and the child's first step. A process that ends
    through the library's exit path calls `release_all()`; one that dies
    without it leaks its references until the last process exits.

    @par Thread Safety
    Every function may be called concurrently from any thread.
*/
struct FREETHREADING_CORE_DECL handle_table
{
    /** Registers an object this process just made (`references` == 1). */
    static process_reference* adopt_new(shared_object_header* object);

    /** Takes over one shared reference that was transferred to this process
        (by decoding): merged into this process's entry if it has one. */
    static process_reference* adopt_transferred(shared_object_header* object);

    /** One more handle in this process. */
    static void add_local(process_reference* r) noexcept
    {
        r->local.fetch_add(1, std::memory_order_relaxed);
    }

    /** One handle fewer; the last one drops this process's shared reference. */
    static void release_local(process_reference* r) noexcept
    {
        if (r->local.fetch_sub(1, std::memory_order_acq_rel) == 1)
            drop_process_reference(r);
    }

    /** Takes a shared reference for an encoding and returns the object's
        segment offset. */
    static std::uint64_t encode_reference(shared_object_header* object) noexcept;

    /** Turns an encoded reference back into this process's reference.
        @throws std::out_of_range for an offset outside the segment. */
    static process_reference* decode_reference(std::uint64_t offset);

    /** Drops an encoded reference that will never be decoded (a record
        discarded with its queue). */
    static void release_encoded(std::uint64_t offset) noexcept;

    /** Drops one shared reference, destroying the object on the last one. */
    static void release_shared(shared_object_header* object) noexcept;

    /** Drops every reference this process holds: for a process about to end
        through `_exit`, whose handles will never be destroyed. */
    static void release_all() noexcept;

    /** The number of objects this process holds (for tests and diagnostics). */
    static std::size_t size() noexcept;

private:
    static void drop_process_reference(process_reference* r) noexcept;
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_HANDLE_TABLE_HPP
