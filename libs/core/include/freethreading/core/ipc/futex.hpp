//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_IPC_FUTEX_HPP
#define FREETHREADING_CORE_IPC_FUTEX_HPP

#include <freethreading/core/config.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace freethreading::detail {

/** An absolute point on `std::chrono::steady_clock` (CLOCK_MONOTONIC on
    Linux, so the same clock in every process); absent means "forever". */
using futex_deadline = std::optional<std::chrono::steady_clock::time_point>;

/** Why a futex wait returned. */
enum class futex_status : unsigned char
{
    woken,         ///< a wake-up arrived (or a spurious one: callers re-check)
    value_changed, ///< a word did not hold its expected value when the wait began
    timed_out      ///< the deadline passed
};

/** Sleeps while `word` holds `expected`, until woken or `deadline`.

    The value check and the sleep are one step for the kernel: a
    `futex_wake` that follows a change of `word` cannot be missed. Uses
    `FUTEX_WAIT_BITSET` with an absolute CLOCK_MONOTONIC timeout, so a wait
    interrupted by a signal handler (EINTR) is restarted with the time that
    is left, and a deadline in the past checks the value once and times out.
    `shared` must be true for a word that other processes may wake (it lives
    in shared memory); false uses the cheaper `FUTEX_PRIVATE_FLAG`.

    @par Thread Safety
    Any number of threads and processes may wait on and wake one word.
    A wait returns no memory-ordering guarantee by itself: load `word`
    with acquire after it returns.

    @throws std::system_error only for a kernel error that means a library
    bug (EFAULT, EINVAL, ENOSYS).
*/
FREETHREADING_CORE_DECL futex_status futex_wait(const std::atomic<std::uint32_t>& word,
                                                std::uint32_t expected, bool shared,
                                                futex_deadline deadline = std::nullopt);

/** Wakes up to `count` waiters of `word` (`INT_MAX` for all); returns how
    many were woken. Store the new value before waking: the store
    happens-before the woken waiter's next load only through the waiter's own
    acquire load. `shared` must match the waiters' flag. Never fails on a
    valid word. */
FREETHREADING_CORE_DECL int futex_wake(const std::atomic<std::uint32_t>& word, int count,
                                       bool shared) noexcept;

/** `futex_wait` and `futex_wake` on the low 32 bits of a 64-bit word, for
    a word that publishes more than a futex holds (a count in its low half
    and a position above): the kernel compares only `expected_low`, so a
    change of the low half is what a waiter must be woken for. */
FREETHREADING_CORE_DECL futex_status futex_wait_low(const std::atomic<std::uint64_t>& word,
                                                    std::uint32_t expected_low, bool shared,
                                                    futex_deadline deadline = std::nullopt);
/** Wakes waiters of `futex_wait_low` on `word`. */
FREETHREADING_CORE_DECL int futex_wake_low(const std::atomic<std::uint64_t>& word, int count,
                                           bool shared) noexcept;

/** One word of a `futex_waitv`: sleep while `*word == expected`. */
struct futex_wait_entry
{
    const std::atomic<std::uint32_t>* word;
    std::uint32_t expected;
    bool shared;
};

/** What `futex_waitv` reports: the status and which word it concerns. */
struct futex_waitv_result
{
    futex_status status;
    /// For `woken`, the word whose wake ended the wait; for `value_changed`,
    /// the first word seen to differ (`entries.size()` if it changed back
    /// before it could be named); 0 for `timed_out`.
    std::size_t index;
};

/** The most words one `futex_waitv` call accepts. */
inline constexpr std::size_t futex_waitv_max_words = 3;

/** Sleeps until any of `entries` is woken or no longer holds its expected
    value, or until `deadline`.

    With the `futex_waitv` system call (Linux ≥ 5.16) the check of every word
    and the sleep are one step, exactly as for `futex_wait`, on up to
    `futex_waitv_max_words` words (`FUTEX2_SIZE_U32`, private only for words
    not `shared`), with an absolute CLOCK_MONOTONIC timeout restarted after
    EINTR. Where the call is missing (older kernels, seccomp filters) or
    `force_futex_waitv_fallback(true)` was called, it is emulated: a
    `futex_wait` on `entries[0]` in slices of at most 1 ms, checking the
    other words' values between slices. The emulation reports a change of
    `entries[1..]` up to a millisecond late and never reports a bare wake of
    them (a wake without a change of value), so callers must make every
    event they wait for change a word's value.

    @par Thread Safety
    As for `futex_wait`.

    @throws std::invalid_argument for no entries or more than
    `futex_waitv_max_words`; std::system_error as for `futex_wait`.
*/
FREETHREADING_CORE_DECL futex_waitv_result futex_waitv(std::span<const futex_wait_entry> entries,
                                                       futex_deadline deadline = std::nullopt);

/** True when `futex_waitv` uses the system call: detected once per process
    (a probe that the kernel answers with EINVAL; ENOSYS or EPERM mean no),
    and false while the fallback is forced. */
FREETHREADING_CORE_DECL bool futex_waitv_available() noexcept;

/** Forces (`true`) or stops forcing (`false`) the emulation of
    `futex_waitv` in this process and the children it forks afterwards, so
    tests can exercise the fallback path on a kernel that has the call.
    Switch it only while no thread is waiting. */
FREETHREADING_CORE_DECL void force_futex_waitv_fallback(bool force) noexcept;

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_IPC_FUTEX_HPP
