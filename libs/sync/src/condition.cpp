//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/sync/detail/basic_condition.hpp>

#include <freethreading/core/errors.hpp>

#include <climits>
#include <stdexcept>
#include <string>

namespace freethreading::detail {

void condition_notify(condition_state& c, mutex_state& lock, std::ptrdiff_t n, bool shared)
{
    if (n <= 0 || c.waiting.load(std::memory_order_relaxed) == 0)
        return;
    // Waiters read the sequence under the lock before releasing it; moving it
    // now, under the lock, means none of them can miss this notify.
    c.sequence.value.fetch_add(1, std::memory_order_seq_cst); // seq_cst: see waitable_word::wake
    const std::uint32_t add = n >= INT_MAX ? INT_MAX : static_cast<std::uint32_t>(n);
    std::uint32_t p = c.pending.load(std::memory_order_relaxed);
    while (!c.pending.compare_exchange_weak(p, p >= INT_MAX - add ? INT_MAX : p + add, std::memory_order_relaxed))
        ;
    if (lock.deferred_wake.load(std::memory_order_relaxed) == &c)
        return; // already deferred, with its reference
    c.references.fetch_add(1, std::memory_order_relaxed); // kept alive until the flush
    if (shared_object_header* other = lock.deferred_wake.exchange(&c, std::memory_order_relaxed))
        flush_deferred_wake(other, shared); // another condition of this lock: wake it now
}

void flush_deferred_wake(shared_object_header* h, bool shared) noexcept
{
    auto* c = static_cast<condition_state*>(h);
    if (const std::uint32_t n = c->pending.exchange(0, std::memory_order_relaxed); n != 0)
        c->sequence.wake(static_cast<int>(n), shared);
    handle_table::release_shared(h);
}

bool condition_sleep(condition_state& c, std::uint32_t seen, bool shared, steady_time deadline)
{
    // In shared memory the notifier may die holding the lock after notify:
    // its deferred wake-up then never comes. A waiter therefore looks at the
    // sequence at least every `slice`; seeing it moved, it goes on to retake
    // the lock, which reports the dead owner (DESIGN §4.2: wait*() always
    // returns or throws holding its lock).
    constexpr auto slice = std::chrono::milliseconds(100);
    for (;;) {
        if (c.sequence.value.load(std::memory_order_acquire) != seen)
            return true;
        steady_time until = deadline;
        if (shared && deadline - std::chrono::steady_clock::now() > slice)
            until = std::chrono::steady_clock::now() + slice;
        if (!c.sequence.sleep_while(seen, shared, until) && until == deadline)
            return c.sequence.value.load(std::memory_order_acquire) != seen;
    }
}

void throw_condition_not_owner(const char* what)
{
    throw std::logic_error(std::string("freethreading::condition::") + what +
                           ": the calling thread does not hold the condition's lock");
}

void throw_condition_owner_died()
{
    throw owner_died_error("freethreading::condition::wait: the previous owner of the condition's lock "
                           "died while holding it; the lock is now held by the caller and consistent");
}

} // namespace freethreading::detail
