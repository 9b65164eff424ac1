//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_IMPL_ROBUST_WORD_HPP
#define FREETHREADING_CORE_IPC_IMPL_ROBUST_WORD_HPP

// The inline fast paths of robust_word; the slow paths are in
// src/ipc/robust_word.cpp.

namespace freethreading::detail {

inline std::uint32_t robust_word::caller_id()
{
    return this_thread_owner_id();
}

inline acquire_result robust_word::lock()
{
    const std::uint32_t id = caller_id();
    std::uint32_t expected = 0;
    // acq_rel, not acquire: a waiter that reads our id must also see the
    // generation our claim set (it would otherwise take us for dead). On
    // x86 it is the same instruction.
    if (FREETHREADING_LIKELY(word_.compare_exchange_strong(expected, id, std::memory_order_acq_rel,
                                                           std::memory_order_relaxed)))
        return acquire_result::acquired;
    return lock_slow(id);
}

inline acquire_result robust_word::try_lock()
{
    const std::uint32_t id = caller_id();
    std::uint32_t expected = 0;
    if (FREETHREADING_LIKELY(word_.compare_exchange_strong(expected, id, std::memory_order_acq_rel,
                                                           std::memory_order_relaxed)))
        return acquire_result::acquired;
    return try_lock_slow(id);
}

inline acquire_result robust_word::try_lock_until(std::chrono::steady_clock::time_point deadline)
{
    const std::uint32_t id = caller_id();
    std::uint32_t expected = 0;
    if (FREETHREADING_LIKELY(word_.compare_exchange_strong(expected, id, std::memory_order_acq_rel,
                                                           std::memory_order_relaxed)))
        return acquire_result::acquired;
    return try_lock_until_slow(id, deadline);
}

inline void robust_word::unlock() noexcept
{
    // One exchange: it frees the word and tells whether anyone may sleep.
    if (FREETHREADING_UNLIKELY((word_.exchange(0, std::memory_order_release) & waiters_bit) != 0))
        wake_one();
}

inline bool robust_word::held_by_caller() const noexcept
{
    const std::uint32_t id = this_thread_owner_id_cache;
    return id != 0 && (word_.load(std::memory_order_relaxed) & ~waiters_bit) == id;
}

inline bool robust_word::locked() const noexcept
{
    return word_.load(std::memory_order_relaxed) != 0;
}

inline std::uint32_t robust_word::state() const noexcept
{
    return word_.load(std::memory_order_relaxed);
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_IMPL_ROBUST_WORD_HPP
