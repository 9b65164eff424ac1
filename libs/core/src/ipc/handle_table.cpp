//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/ipc/handle_table.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <mutex>
#include <unordered_map>

namespace freethreading::detail {

namespace {

// The table: every entry on an intrusive list (walked at fork), and the live
// entry of each object in a map (found when a reference is decoded). Never
// destroyed, so handles in static storage may be released during exit.
struct table_state
{
    std::mutex& mutex = make_fork_guard();
    process_reference head; // sentinel of the circular list
    std::unordered_map<shared_object_header*, process_reference*> live;
    std::size_t entries = 0;

    table_state() { head.prev = head.next = &head; }

    void link(process_reference* r)
    {
        r->next = &head;
        r->prev = head.prev;
        head.prev->next = r;
        head.prev = r;
        ++entries;
    }

    void unlink(process_reference* r)
    {
        r->prev->next = r->next;
        r->next->prev = r->prev;
        --entries;
        auto it = live.find(r->object);
        if (it != live.end() && it->second == r)
            live.erase(it);
    }
};

table_state& table()
{
    static table_state* t = new table_state;
    return *t;
}

// Before a fork: take one shared reference per held object on behalf of the
// child, so the parent cannot free an object the child's copies point to.
void prepare_fork() noexcept
{
    table_state& t = table();
    t.mutex.lock();
    for (process_reference* r = t.head.next; r != &t.head; r = r->next) {
        r->counted_at_fork = r->local.load(std::memory_order_relaxed) != 0;
        if (r->counted_at_fork)
            r->object->references.fetch_add(1, std::memory_order_relaxed);
    }
}

void parent_after_fork() noexcept
{
    table().mutex.unlock();
}

// In the child: an entry whose last handle was being dropped when the parent
// forked is forgotten (the parent's dropping thread is not here). Its count
// need not have been 0 when prepare_fork read it: the dropping thread's
// decrement takes no lock, so it may land between that reading and the fork.
// Then prepare_fork took a reference for the child, which no handle here
// will ever release: the child gives it back (an object whose last holder
// the parent has meanwhile let go is destroyed here).
void child_after_fork() noexcept
{
    table_state& t = table();
    process_reference* owed = nullptr; // entries to release, linked by `next`
    for (process_reference* r = t.head.next; r != &t.head;) {
        process_reference* next = r->next;
        if (r->local.load(std::memory_order_relaxed) == 0) {
            t.unlink(r);
            if (r->counted_at_fork) {
                r->next = owed;
                owed = r;
            } else {
                delete r;
            }
        }
        r = next;
    }
    reset_fork_guard(t.mutex);
    while (owed != nullptr) {
        process_reference* next = owed->next;
        handle_table::release_shared(owed->object);
        delete owed;
        owed = next;
    }
}

const bool hooks = register_fork_hooks(prepare_fork, parent_after_fork, child_after_fork);

} // namespace

process_reference* handle_table::adopt_new(shared_object_header* object)
{
    (void)hooks;
    auto* r = new process_reference;
    r->object = object;
    table_state& t = table();
    std::lock_guard<std::mutex> guard(t.mutex);
    t.live[object] = r;
    t.link(r);
    return r;
}

process_reference* handle_table::adopt_transferred(shared_object_header* object)
{
    table_state& t = table();
    {
        std::lock_guard<std::mutex> guard(t.mutex);
        auto it = t.live.find(object);
        // An entry whose count already reached 0 is being dropped by another
        // thread; never revive it (that thread will free it), make a new one.
        if (it != t.live.end() && it->second->local.load(std::memory_order_relaxed) != 0) {
            it->second->local.fetch_add(1, std::memory_order_relaxed);
            process_reference* r = it->second;
            // This process already holds a shared reference: drop the transferred one.
            const auto before = object->references.fetch_sub(1, std::memory_order_acq_rel);
            (void)before; // > 1: this process's own reference remains
            return r;
        }
    }
    auto* r = new process_reference;
    r->object = object;
    std::lock_guard<std::mutex> guard(t.mutex);
    t.live[object] = r;
    t.link(r);
    return r;
}

std::uint64_t handle_table::encode_reference(shared_object_header* object) noexcept
{
    object->references.fetch_add(1, std::memory_order_relaxed);
    return shared_segment::existing()->offset_of(object);
}

process_reference* handle_table::decode_reference(std::uint64_t offset)
{
    shared_segment* segment = shared_segment::existing();
    if (segment == nullptr)
        throw std::out_of_range("freethreading: a shared handle was decoded in a process without a segment");
    auto* object = static_cast<shared_object_header*>(segment->address_of(offset));
    return adopt_transferred(object);
}

void handle_table::release_encoded(std::uint64_t offset) noexcept
{
    shared_segment* segment = shared_segment::existing();
    if (segment == nullptr || offset == 0 || offset > segment->size() - sizeof(shared_object_header))
        return; // not a reference this program made: nothing to drop
    release_shared(static_cast<shared_object_header*>(segment->address_of_unchecked(offset)));
}

void handle_table::release_shared(shared_object_header* object) noexcept
{
    if (object->references.fetch_sub(1, std::memory_order_acq_rel) == 1)
        object->destroy(object);
}

void handle_table::drop_process_reference(process_reference* r) noexcept
{
    table_state& t = table();
    {
        std::lock_guard<std::mutex> guard(t.mutex);
        t.unlink(r);
    }
    shared_object_header* object = r->object;
    delete r;
    release_shared(object);
}

void handle_table::release_all() noexcept
{
    table_state& t = table();
    std::lock_guard<std::mutex> guard(t.mutex);
    for (process_reference* r = t.head.next; r != &t.head;) {
        process_reference* next = r->next;
        // An entry at 0 belongs to a thread that is dropping it right now.
        if (r->local.load(std::memory_order_relaxed) != 0) {
            t.unlink(r);
            release_shared(r->object);
            delete r;
        }
        r = next;
    }
}

std::size_t handle_table::size() noexcept
{
    table_state& t = table();
    std::lock_guard<std::mutex> guard(t.mutex);
    return t.entries;
}

} // namespace freethreading::detail
