//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The slow paths of robust_word (DESIGN §6 option (b), notes §7): waiting
// for a live owner, and taking the lock over from a dead one.

#include <freethreading/core/ipc/robust_word.hpp>

#include <freethreading/core/detail/cpu_relax.hpp>

#include <freethreading/core/ipc/futex.hpp>

#include <climits>
#include <stdexcept>

#include <linux/futex.h>

namespace freethreading::detail {

namespace {

using steady_clock = std::chrono::steady_clock;

constexpr std::uint32_t waiters = robust_word::waiters_bit;

// Spins before the first sleep: an owner usually releases sooner than a
// futex sleep and wake-up would cost the pair of processes (the figures:
// doc/design-notes.md, core, "Robust lock spin").
constexpr int spin_limit = 100;

// Attempts of a non-blocking acquisition before it reports "busy": the word
// changed under it this many times, so it is in use.
constexpr int try_attempts = 4;


// What a waiter learns about the owner that a lock word names.
struct owner_state
{
    std::atomic<std::uint32_t>* liveness;
    std::atomic<std::uint32_t>* generation;
    std::uint32_t liveness_value;
    std::uint32_t generation_value;
    bool dead;
};

owner_state inspect_owner(liveness_table& table, std::uint32_t word)
{
    const std::uint32_t slot = owner_slot(word);
    if (slot >= liveness_table::capacity)
        throw std::logic_error("freethreading: a robust lock word names no liveness slot "
                               "(the shared memory was overwritten)");
    owner_state s{&table.liveness_word(slot), &table.generation(slot), 0, 0, false};
    // The generation first. A claim locks the liveness mutex before bumping
    // the generation, and a release bumps it before unlocking, so after a
    // matching generation the liveness word is the owner's, its release's (0,
    // seen as dead: right, it is gone), or a recycler's whose bump is still to
    // come and will wake us on the generation word.
    s.generation_value = s.generation->load(std::memory_order_acquire);
    s.liveness_value = s.liveness->load(std::memory_order_acquire);
    s.dead = (s.generation_value & owner_generation_mask) != owner_generation(word) ||
             (s.liveness_value & FUTEX_OWNER_DIED) != 0 ||
             (s.liveness_value & FUTEX_TID_MASK) == 0;
    return s;
}

// Takes the lock from a dead owner. The compare-and-swap from the exact word
// that named the dead owner succeeds for one acquirer only, so exactly one
// reports the death; the others now see a live owner (the new one).
bool take_over(std::atomic<std::uint32_t>& word, std::uint32_t seen, std::uint32_t id,
               const owner_state& owner)
{
    if (!word.compare_exchange_strong(seen, id | (seen & waiters), std::memory_order_acq_rel,
                                      std::memory_order_relaxed))
        return false;
    // The kernel woke one sleeper of the dead thread's liveness word; the
    // others (waiting for other locks it held) learn it from us.
    futex_wake(*owner.liveness, INT_MAX, true);
    return true;
}

// One look, no sleep: the non-blocking acquisition, which still takes over
// from a dead owner.
acquire_result acquire_once(std::atomic<std::uint32_t>& word, std::uint32_t id)
{
    liveness_table& table = liveness_table::instance();
    for (int attempt = 0; attempt < try_attempts; ++attempt) {
        std::uint32_t v = word.load(std::memory_order_acquire);
        if (v == 0) {
            if (word.compare_exchange_strong(v, id, std::memory_order_acq_rel,
                                             std::memory_order_relaxed))
                return acquire_result::acquired;
            continue;
        }
        if ((v & ~waiters) == id)
            return acquire_result::timed_out;
        const owner_state owner = inspect_owner(table, v);
        if (!owner.dead)
            return acquire_result::timed_out;
        if (take_over(word, v, id, owner))
            return acquire_result::owner_died;
    }
    return acquire_result::timed_out;
}

acquire_result acquire_blocking(std::atomic<std::uint32_t>& word, std::uint32_t id,
                                futex_deadline deadline)
{
    for (int i = 0; i < spin_limit; ++i) {
        std::uint32_t v = word.load(std::memory_order_relaxed);
        if (v == 0 && word.compare_exchange_weak(v, id, std::memory_order_acq_rel,
                                                 std::memory_order_relaxed))
            return acquire_result::acquired;
        cpu_relax();
    }

    liveness_table& table = liveness_table::instance();
    // After a sleep the WAITERS bit we set was cleared by the unlock that
    // woke us, and others may still sleep: we take the lock with it set again.
    std::uint32_t taken = id;
    for (;;) {
        std::uint32_t v = word.load(std::memory_order_acquire);
        if (v == 0) {
            if (word.compare_exchange_strong(v, taken, std::memory_order_acq_rel,
                                             std::memory_order_relaxed))
                return acquire_result::acquired;
            continue;
        }
        if ((v & ~waiters) == id)
            throw std::logic_error("freethreading: a thread locked a lock it already holds "
                                   "(it would wait for itself forever)");
        const owner_state owner = inspect_owner(table, v);
        if (owner.dead) {
            if (take_over(word, v, id, owner))
                return acquire_result::owner_died;
            continue;
        }
        // Our unlocker must wake us: the WAITERS bit of the lock word.
        if ((v & waiters) == 0) {
            if (!word.compare_exchange_strong(v, v | waiters, std::memory_order_relaxed))
                continue;
            v |= waiters;
        }
        // The kernel must wake us if the owner dies: FUTEX_WAITERS on its
        // liveness word, added only to a word with a live tid (a bit on a
        // free or dead word would stop the slot from ever being claimed).
        std::uint32_t live = owner.liveness_value;
        if ((live & FUTEX_WAITERS) == 0) {
            if (!owner.liveness->compare_exchange_strong(live, live | FUTEX_WAITERS))
                continue;
            live |= FUTEX_WAITERS;
        }
        if (deadline && steady_clock::now() >= *deadline)
            return acquire_result::timed_out;
        // Any of the three changing ends the sleep: unlock (lock word), death
        // (liveness word, set OWNER_DIED by the kernel), release or recycling
        // of the slot (generation word). Whatever woke us, look again.
        const futex_wait_entry entries[] = {{&word, v, true},
                                            {owner.liveness, live, true},
                                            {owner.generation, owner.generation_value, true}};
        futex_waitv(entries, deadline);
        taken = id | waiters;
    }
}

} // namespace

bool owner_is_dead(std::uint32_t id)
{
    return inspect_owner(liveness_table::instance(), id).dead;
}

acquire_result robust_word::lock_slow(std::uint32_t id)
{
    return acquire_blocking(word_, id, std::nullopt);
}

acquire_result robust_word::try_lock_slow(std::uint32_t id)
{
    return acquire_once(word_, id);
}

acquire_result robust_word::try_lock_until_slow(std::uint32_t id, steady_clock::time_point deadline)
{
    // A deadline already past is one look that sets no WAITERS bits (they
    // would cost the owner a useless wake-up).
    if (steady_clock::now() >= deadline)
        return acquire_once(word_, id);
    return acquire_blocking(word_, id, deadline);
}

void robust_word::wake_one() noexcept
{
    futex_wake(word_, 1, true);
}

} // namespace freethreading::detail
