//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/ipc/liveness_table.hpp>

#include <freethreading/core/ipc/fork_hooks.hpp>
#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <cerrno>
#include <climits>
#include <string>
#include <system_error>

namespace freethreading::detail {

constinit thread_local std::uint32_t this_thread_owner_id_cache = 0;

namespace {

constexpr std::uint32_t no_slot = UINT32_MAX;

// The segment is inherited at the same address by every forked child, so
// the table's address stays right in all of them.
std::atomic<liveness_table*> table_cache{nullptr};

// The slot this thread holds: trivial, so the fork handler can clear it
// without allocating.
constinit thread_local std::uint32_t held_slot = no_slot;

void release_held_slot() noexcept
{
    const std::uint32_t slot = held_slot;
    if (slot == no_slot)
        return;
    held_slot = no_slot;
    this_thread_owner_id_cache = 0;
    table_cache.load(std::memory_order_acquire)->release(slot);
}

// Gives the slot back when the thread exits, so the slot is free at once
// and every waiter of a lock the thread still holds wakes (on the
// generation word) and reports the owner dead. A pthread key destructor, not
// a `thread_local` object: glibc runs key destructors after every C++
// `thread_local` destructor, so a `thread_local` object that unlocks in its
// destructor still does it as the owner (a release before it would let a
// waiter take the lock over, and that unlock would then free the new owner's
// lock). A thread that never runs key destructors (SIGKILL, _exit, any thread
// at exit()) is covered by the kernel's robust list instead.
void release_at_thread_exit(void*) noexcept
{
    release_held_slot();
}

::pthread_key_t release_key()
{
    static const auto key = [] {
        ::pthread_key_t k{};
        const int rc = ::pthread_key_create(&k, &release_at_thread_exit);
        if (rc != 0)
            throw std::system_error(rc, std::system_category(),
                                    "freethreading: pthread_key_create for the liveness table");
        return k;
    }();
    return key;
}

// A forked child's only thread is a copy of the forking thread, which
// still holds its slot in the parent: the child must claim its own, and must
// never release the parent's (that would declare the parent's thread dead).
void forget_inherited_slot() noexcept
{
    held_slot = no_slot;
    this_thread_owner_id_cache = 0;
}

[[maybe_unused]] const bool fork_hooks_registered =
    register_fork_hooks(nullptr, nullptr, &forget_inherited_slot);

void check(int rc, const char* what)
{
    if (rc != 0)
        throw std::system_error(rc, std::system_category(), what);
}

} // namespace

liveness_table::liveness_table()
{
    ::pthread_mutexattr_t attr;
    check(::pthread_mutexattr_init(&attr), "freethreading: pthread_mutexattr_init");
    int rc = ::pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    if (rc == 0)
        rc = ::pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    for (liveness_slot& s : slots_) {
        if (rc != 0)
            break;
        rc = ::pthread_mutex_init(&s.mutex, &attr);
    }
    ::pthread_mutexattr_destroy(&attr);
    check(rc, "freethreading: cannot make the liveness table's robust mutexes");
}

liveness_table& liveness_table::instance()
{
    liveness_table* table = table_cache.load(std::memory_order_acquire);
    if (FREETHREADING_LIKELY(table != nullptr))
        return *table;
    table = &shared_segment::instance().singleton<liveness_table>(
        segment_singleton::liveness_table);
    table_cache.store(table, std::memory_order_release);
    return *table;
}

liveness_table::claim_result liveness_table::claim()
{
    // One pass from the start: freed and dead slots are reused first, so the
    // scan is short unless many threads are alive; it runs once per thread.
    for (std::uint32_t i = 0; i < capacity; ++i) {
        liveness_slot& s = slots_[i];
        int rc = ::pthread_mutex_trylock(&s.mutex);
        if (rc == EOWNERDEAD) {
            // The last owner died without releasing the slot: take it over.
            rc = ::pthread_mutex_consistent(&s.mutex);
            if (rc != 0) {
                ::pthread_mutex_unlock(&s.mutex);
                continue;
            }
        }
        if (rc != 0)
            continue; // EBUSY: a live thread's slot
        const std::uint32_t generation = s.generation.fetch_add(1, std::memory_order_acq_rel) + 1;
        // Waiters that sleep on this slot's old owner must wake and see the
        // new generation (notes §7: the recycling race).
        futex_wake(s.generation, INT_MAX, true);
        return {i, generation};
    }
    throw std::system_error(EAGAIN, std::system_category(),
                            "freethreading: more than " + std::to_string(capacity) +
                                " threads, over all processes, use multiprocessing locks at "
                                "once (the liveness table is full)");
}

void liveness_table::release(std::uint32_t slot) noexcept
{
    liveness_slot& s = slots_[slot];
    // The generation moves first: from then on every waiter sees the owner
    // as dead, whichever word it reads, and the unlock cannot be mistaken
    // for a live recycler.
    s.generation.fetch_add(1, std::memory_order_acq_rel);
    futex_wake(s.generation, INT_MAX, true);
    ::pthread_mutex_unlock(&s.mutex);
}

std::uint32_t claim_this_thread_owner_id()
{
    if (this_thread_owner_id_cache != 0)
        return this_thread_owner_id_cache;
    liveness_table& table = liveness_table::instance();
    // Armed before the claim, so a claimed slot always has its release. Any
    // non-null value runs the destructor; in a forked child it finds no slot
    // held (the fork handler cleared it) until the child claims its own.
    const int rc = ::pthread_setspecific(release_key(), &table);
    if (rc != 0)
        throw std::system_error(rc, std::system_category(),
                                "freethreading: pthread_setspecific for the liveness table");
    const liveness_table::claim_result claimed = table.claim();
    held_slot = claimed.slot;
    this_thread_owner_id_cache = make_owner_id(claimed.slot, claimed.generation);
    return this_thread_owner_id_cache;
}

} // namespace freethreading::detail
