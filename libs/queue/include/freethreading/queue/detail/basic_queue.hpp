//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_DETAIL_BASIC_QUEUE_HPP
#define FREETHREADING_QUEUE_DETAIL_BASIC_QUEUE_HPP

#include <freethreading/queue/detail/config.hpp>
#include <freethreading/queue/detail/queue_item.hpp>

#include <freethreading/core/codec.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/detail/domain.hpp>
#include <freethreading/core/detail/ring/record_ring.hpp>
#include <freethreading/core/detail/ring/slot_ring.hpp>
#include <freethreading/core/detail/state_handle.hpp>
#include <freethreading/core/detail/word_wait.hpp>

#include <array>
#include <bit>
#include <chrono>
#include <climits>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

FREETHREADING_QUEUE_DECL std::uint32_t checked_maxsize(std::ptrdiff_t maxsize);
[[noreturn]] FREETHREADING_QUEUE_DECL void throw_task_done_too_often();

/** A queue's items: in a slot ring (`slots.count != 0`) or a record ring. */
struct queue_rings
{
    ring_state ring;
    slot_ring slots;
};

/** Items put, modulo 2^28. */
inline std::uint64_t queue_puts(const queue_rings& q) noexcept
{
    return q.slots.count != 0 ? slot_puts(q.slots) : ring_puts(q.ring);
}

inline std::uint64_t queue_size(const queue_rings& q) noexcept
{
    return q.slots.count != 0 ? slot_size(q.slots) : ring_size(q.ring);
}

FREETHREADING_QUEUE_DECL void queue_task_done(const queue_rings& q, waitable_word& done, bool shared);
FREETHREADING_QUEUE_DECL bool queue_join_slow(const queue_rings& q, waitable_word& done, bool shared,
                                              steady_time deadline);

/** Items put and not yet marked with task_done() (Python's unfinished_tasks):
    the puts the producer side has published minus the task_done() calls, so
    a put keeps no count of its own. Both counts are modulo 2^28. */
inline std::uint64_t queue_unfinished(const queue_rings& q, const waitable_word& done) noexcept
{
    return (queue_puts(q) - done.value.load(std::memory_order_acquire)) & ring_item_mask;
}

/** What a queue's item type must be in a domain: movable in process,
    serializable (DESIGN §5) wherever the state may be shared. */
template <class T, class Domain>
concept queue_item = std::move_constructible<T> && std::destructible<T> &&
                     (std::same_as<Domain, in_process> || serializable<T>);

/** Where the state may be shared, the compile error naming what in `T` cannot
    cross into another process (core/codec/diagnose.hpp), from the class body:
    in a requires clause, an unsatisfied `queue_item` would be the first error. */
template <class T, class Domain>
consteval bool check_queue_item()
{
    if constexpr (!std::same_as<Domain, in_process>)
        require_serializable<T>();
    return true;
}

/** Whether a bounded queue of `T` may keep its items in a slot ring: small
    trivially copyable items whose bytes are their encoding (DESIGN §5). */
template <class T, class Domain>
inline constexpr bool slot_item = [] {
    if constexpr (std::is_trivially_copyable_v<T> && sizeof(T) <= slot_max_item && alignof(T) <= 8) {
        if constexpr (std::same_as<Domain, in_process>)
            return true;
        else
            return is_raw<T>();
    } else {
        return false;
    }
}();

template <class T, class Domain>
struct queue_state : shared_object_header
{
    explicit queue_state(std::uint32_t capacity)
    {
        // The state knows where it lives from its own address.
        const shared_segment* segment = shared_segment::existing();
        const bool shared = segment != nullptr && segment->contains(this, sizeof *this);
        const ring_memory memory = shared ? segment_ring_memory() : ring_memory{};
        if (slot_item<T, Domain> && slot_ring_fits(capacity, sizeof(T)))
            slot_ring_init(rings.slots, capacity, sizeof(T), memory);
        else
            ring_init(rings.ring, capacity, memory);
        maxsize = capacity;
    }

    queue_state(const queue_state&) = delete;
    queue_state& operator=(const queue_state&) = delete;

    ~queue_state()
    {
        // Destroy the objects still queued, and release the references held
        // by encoded handles still queued (DESIGN §3). A slot ring's items
        // are trivially copyable: nothing to destroy.
        if (rings.slots.count != 0) {
            slot_ring_destroy(rings.slots);
            return;
        }
        ring_state& ring = rings.ring;
        try {
            if constexpr (!std::same_as<Domain, shared_memory>)
                if (!ring.shared)
                    while (local_item<T>::get(ring, steady_time::min()))
                        ;
            if constexpr (!std::same_as<Domain, in_process>)
                if (ring.shared && !is_raw<T>())
                    while (shared_item<T>::get(ring, steady_time::min()))
                        ;
        } catch (...) {
            // A record that does not decode holds nothing to release.
        }
        ring_destroy(ring);
    }

    queue_rings rings;
    std::uint32_t maxsize = 0;
    // task_done() calls, modulo 2^28 (see queue_unfinished): on a line of its
    // own, away from the ring fields the consumer reads on every get.
    alignas(64) waitable_word done;
};

/** A FIFO queue (Python's `Queue` / `JoinableQueue`), in the domain `Domain`
    (DESIGN §3); with `Joinable` false it keeps no task count (`simple_queue`).

    `put` is synchronous: when it returns, the item is visible to `size()`
    and to every `get`. A bounded queue of small trivially copyable items
    keeps them in a lock-free ring of `maxsize` slots (there a `get` may wait
    for an earlier put of another producer still writing its slot); other
    queues keep records in chunks: in process the object itself (moved in,
    moved out), in shared memory its bytes (trivially copyable types) or its
    codec encoding. Getting and putting never allocate in the steady state.

    @par Thread Safety
    Every member may be called concurrently from any thread (and, in shared
    memory, any process). A `put` happens-before the `get` that returns its item.
*/
template <class T, class Domain, bool Joinable = true>
    requires std::move_constructible<T> && std::destructible<T>
class basic_queue
{
    static_assert(check_queue_item<T, Domain>());

public:
    using value_type = T;

    /** A queue holding at most `maxsize` items (0: unbounded).
        @throws std::invalid_argument for a negative maxsize or one above 2^28 - 1. */
    explicit basic_queue(std::ptrdiff_t maxsize = 0) : state_(std::in_place, checked_maxsize(maxsize)) {}

    /** Adds an item, waiting for room. @throws segment_exhausted_error when
        an unbounded shared queue cannot grow (nothing is enqueued). */
    void put(const T& v) { (void)put_steady(v, steady_time::max()); }
    void put(T&& v) { (void)put_steady(std::move(v), steady_time::max()); }

    /** Adds an item if there is room now. */
    bool try_put(const T& v) { return put_steady(v, steady_time::min()); }
    bool try_put(T&& v) { return put_steady(std::move(v), steady_time::min()); }

    template <class U, class Rep, class Period>
        requires std::constructible_from<T, U&&>
    bool put_for(U&& v, const std::chrono::duration<Rep, Period>& d)
    {
        return put_steady(std::forward<U>(v), deadline_after(d));
    }

    template <class U, class Clock, class Duration>
        requires std::constructible_from<T, U&&>
    bool put_until(U&& v, const std::chrono::time_point<Clock, Duration>& t)
    {
        return put_steady(std::forward<U>(v), to_steady(t));
    }

    /** Removes and returns the oldest item, waiting for one. */
    T get() { return *get_steady(steady_time::max()); }

    /** The oldest item if there is one now. */
    std::optional<T> try_get() { return get_steady(steady_time::min()); }

    template <class Rep, class Period>
    std::optional<T> get_for(const std::chrono::duration<Rep, Period>& d)
    {
        return get_steady(deadline_after(d));
    }

    template <class Clock, class Duration>
    std::optional<T> get_until(const std::chrono::time_point<Clock, Duration>& t)
    {
        return get_steady(to_steady(t));
    }

    /** Marks one item taken with `get` as processed.
        @throws std::logic_error if called more often than items were put. */
    void task_done() requires Joinable
    {
        queue_state<T, Domain>& s = *state_.get();
        queue_task_done(s.rings, s.done, state_.is_shared());
    }

    /** Waits until every item put has been marked with `task_done`. */
    void join() requires Joinable { (void)join_steady(steady_time::max()); }

    template <class Rep, class Period>
    bool join_for(const std::chrono::duration<Rep, Period>& d) requires Joinable
    {
        return join_steady(deadline_after(d));
    }

    template <class Clock, class Duration>
    bool join_until(const std::chrono::time_point<Clock, Duration>& t) requires Joinable
    {
        return join_steady(to_steady(t));
    }

    /** Items in the queue now (a snapshot). */
    std::size_t size() const noexcept { return static_cast<std::size_t>(queue_size(state_.get()->rings)); }
    bool empty() const noexcept { return size() == 0; }
    /** True if a bounded queue holds maxsize() items. */
    bool full() const noexcept { return maxsize() != 0 && size() >= maxsize(); }
    /** The bound given at construction; 0 for an unbounded queue. */
    std::size_t maxsize() const noexcept { return state_.get()->maxsize; }

    friend bool operator==(const basic_queue&, const basic_queue&) = default;

private:
    friend struct access;

    /** For the codec (DESIGN §3: encoding takes a reference). */
    const state_handle<queue_state<T, Domain>, Domain>& state() const noexcept { return state_; }

    /** Adopts a state decoded from a record (the codec's constructor). */
    basic_queue(adopt_state_t, state_handle<queue_state<T, Domain>, Domain> s) noexcept : state_(std::move(s)) {}

    // Calls `f` with the item policy of this queue's state.
    template <class F>
    decltype(auto) with_policy(F&& f) const
    {
        if constexpr (std::same_as<Domain, in_process>)
            return f(local_item<T>{});
        else if constexpr (std::same_as<Domain, shared_memory>)
            return f(shared_item<T>{});
        else
            return state_.is_shared() ? f(shared_item<T>{}) : f(local_item<T>{});
    }

    template <class U>
    bool put_steady(U&& v, steady_time deadline)
    {
        queue_state<T, Domain>& s = *state_.get();
        if constexpr (slot_item<T, Domain>) {
            if (s.rings.slots.count != 0) {
                const T& item = v;
                return slot_put(s.rings.slots, std::addressof(item), sizeof(T), deadline);
            }
        }
        return with_policy([&](auto policy) { return policy.put(s.rings.ring, std::forward<U>(v), deadline); });
    }

    std::optional<T> get_steady(steady_time deadline)
    {
        queue_state<T, Domain>& s = *state_.get();
        if constexpr (slot_item<T, Domain>) {
            if (s.rings.slots.count != 0) {
                std::array<std::byte, sizeof(T)> bytes;
                if (!slot_get(s.rings.slots, bytes.data(), sizeof(T), deadline))
                    return std::nullopt;
                return std::bit_cast<T>(bytes);
            }
        }
        return with_policy([&](auto policy) { return policy.get(s.rings.ring, deadline); });
    }

    bool join_steady(steady_time deadline)
    {
        queue_state<T, Domain>& s = *state_.get();
        return queue_unfinished(s.rings, s.done) == 0 ||
               queue_join_slow(s.rings, s.done, state_.is_shared(), deadline);
    }

    state_handle<queue_state<T, Domain>, Domain> state_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_QUEUE_DETAIL_BASIC_QUEUE_HPP
