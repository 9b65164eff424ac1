//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/ipc/futex.hpp>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <ctime>
#include <stdexcept>
#include <system_error>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

// The system call is numbered alike on every architecture (it is newer than
// the unified table); older C library headers do not name it.
#ifndef SYS_futex_waitv
#  define SYS_futex_waitv 449
#endif

namespace freethreading::detail {

namespace {

static_assert(sizeof(std::atomic<std::uint32_t>) == 4 &&
                  alignof(std::atomic<std::uint32_t>) == 4 &&
                  std::atomic<std::uint32_t>::is_always_lock_free,
              "the kernel reads futex words as plain aligned 32-bit integers");

// The kernel's `struct futex_waitv`. Linux headers before 5.16 lack it
// (FUTEX_32 arrived with it); the layout is fixed by the system call ABI.
#ifdef FUTEX_32
using waitv_entry = struct ::futex_waitv;
constexpr std::uint32_t size_u32 = FUTEX_32;
#else
struct waitv_entry
{
    std::uint64_t val;
    std::uint64_t uaddr;
    std::uint32_t flags;
    std::uint32_t reserved;
};
constexpr std::uint32_t size_u32 = 2;
#endif
static_assert(sizeof(waitv_entry) == 24);

// futex_waitv takes a 64-bit `struct __kernel_timespec`, which is not
// `timespec` on 32-bit targets.
struct kernel_timespec
{
    std::int64_t tv_sec;
    std::int64_t tv_nsec;
};

constexpr std::int64_t nanoseconds_per_second = 1'000'000'000;
constexpr std::uint32_t futex2_private = FUTEX_PRIVATE_FLAG;

// The emulation's slice: long enough to cost little, short enough that a
// change of a word other than the first is seen within a millisecond.
constexpr std::chrono::milliseconds emulation_slice{1};

std::int64_t monotonic_nanoseconds(std::chrono::steady_clock::time_point t) noexcept
{
    // A point before the clock's epoch is simply "already past".
    return std::max<std::int64_t>(
        0, std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

void* address_of(const std::atomic<std::uint32_t>& word) noexcept
{
    return const_cast<std::atomic<std::uint32_t>*>(&word);
}

[[noreturn]] void throw_futex_error(int error, const char* what)
{
    throw std::system_error(error, std::system_category(), what);
}

// -1 unknown, 0 missing, 1 present: probed once, lowered if a later call
// finds the system call forbidden (a seccomp filter installed afterwards).
std::atomic<int> waitv_state{-1};
std::atomic<bool> waitv_forced_off{false};

bool probe_waitv() noexcept
{
    // No entries is EINVAL for a kernel that has the call, and it neither
    // sleeps nor touches memory; anything else (ENOSYS, EPERM from seccomp,
    // ...) means the call cannot be used.
    const long rc = ::syscall(SYS_futex_waitv, nullptr, 0u, 0u, nullptr, CLOCK_MONOTONIC);
    return rc == -1 && errno == EINVAL;
}

futex_waitv_result first_changed(std::span<const futex_wait_entry> entries) noexcept
{
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].word->load(std::memory_order_relaxed) != entries[i].expected)
            return {futex_status::value_changed, i};
    return {futex_status::value_changed, entries.size()};
}

futex_waitv_result emulate_waitv(std::span<const futex_wait_entry> entries,
                                 futex_deadline deadline)
{
    const futex_wait_entry& first = entries.front();
    for (;;) {
        for (std::size_t i = 1; i < entries.size(); ++i)
            if (entries[i].word->load(std::memory_order_acquire) != entries[i].expected)
                return {futex_status::value_changed, i};
        const auto now = std::chrono::steady_clock::now();
        if (deadline && now >= *deadline)
            return {futex_status::timed_out, 0};
        auto slice_end = now + emulation_slice;
        if (deadline && *deadline < slice_end)
            slice_end = *deadline;
        switch (futex_wait(*first.word, first.expected, first.shared, slice_end)) {
        case futex_status::woken:
            return {futex_status::woken, 0};
        case futex_status::value_changed:
            return {futex_status::value_changed, 0};
        case futex_status::timed_out:
            break; // the slice ended: look at the other words again
        }
    }
}

} // namespace

namespace {

futex_status wait_at(void* address, std::uint32_t expected, bool shared, futex_deadline deadline)
{
    const int op = FUTEX_WAIT_BITSET | (shared ? 0 : FUTEX_PRIVATE_FLAG);
    ::timespec until{};
    const ::timespec* timeout = nullptr;
    if (deadline) {
        const std::int64_t ns = monotonic_nanoseconds(*deadline);
        until.tv_sec = static_cast<std::time_t>(ns / nanoseconds_per_second);
        until.tv_nsec = static_cast<long>(ns % nanoseconds_per_second);
        timeout = &until;
    }
    for (;;) {
        // The timeout is absolute, so after EINTR the same call resumes with
        // exactly the time that is left.
        if (::syscall(SYS_futex, address, op, expected, timeout, nullptr, FUTEX_BITSET_MATCH_ANY) == 0)
            return futex_status::woken;
        switch (errno) {
        case EAGAIN:
            return futex_status::value_changed;
        case ETIMEDOUT:
            return futex_status::timed_out;
        case EINTR:
            continue;
        default:
            throw_futex_error(errno, "freethreading: futex wait");
        }
    }
}

int wake_at(void* address, int count, bool shared) noexcept
{
    const int op = FUTEX_WAKE | (shared ? 0 : FUTEX_PRIVATE_FLAG);
    const long woken = ::syscall(SYS_futex, address, op, count, nullptr, nullptr, 0);
    // The only failures are a bad address or operation, which a valid
    // `std::atomic` word cannot produce: report "nobody woken".
    return woken < 0 ? 0 : static_cast<int>(woken);
}

// The kernel compares the 32 bits at the word's address: on a little-endian
// machine, the low half of a 64-bit word.
static_assert(std::endian::native == std::endian::little, "futex_wait_low: a little-endian target");
static_assert(sizeof(std::atomic<std::uint64_t>) == 8 && std::atomic<std::uint64_t>::is_always_lock_free);

void* address_of(const std::atomic<std::uint64_t>& word) noexcept
{
    return const_cast<std::atomic<std::uint64_t>*>(&word);
}

} // namespace

futex_status futex_wait(const std::atomic<std::uint32_t>& word, std::uint32_t expected, bool shared,
                        futex_deadline deadline)
{
    return wait_at(address_of(word), expected, shared, deadline);
}

int futex_wake(const std::atomic<std::uint32_t>& word, int count, bool shared) noexcept
{
    return wake_at(address_of(word), count, shared);
}

futex_status futex_wait_low(const std::atomic<std::uint64_t>& word, std::uint32_t expected_low, bool shared,
                            futex_deadline deadline)
{
    return wait_at(address_of(word), expected_low, shared, deadline);
}

int futex_wake_low(const std::atomic<std::uint64_t>& word, int count, bool shared) noexcept
{
    return wake_at(address_of(word), count, shared);
}

futex_waitv_result futex_waitv(std::span<const futex_wait_entry> entries, futex_deadline deadline)
{
    if (entries.empty() || entries.size() > futex_waitv_max_words)
        throw std::invalid_argument("freethreading: futex_waitv takes 1 to 3 words");
    if (!futex_waitv_available())
        return emulate_waitv(entries, deadline);

    waitv_entry waiters[futex_waitv_max_words]{};
    for (std::size_t i = 0; i < entries.size(); ++i) {
        waiters[i].val = entries[i].expected;
        waiters[i].uaddr = reinterpret_cast<std::uintptr_t>(address_of(*entries[i].word));
        waiters[i].flags = size_u32 | (entries[i].shared ? 0u : futex2_private);
    }
    kernel_timespec until{};
    const kernel_timespec* timeout = nullptr;
    if (deadline) {
        const std::int64_t ns = monotonic_nanoseconds(*deadline);
        until = {ns / nanoseconds_per_second, ns % nanoseconds_per_second};
        timeout = &until;
    }
    for (;;) {
        // futex_waitv's timeout is always absolute: a restart after EINTR
        // keeps the caller's deadline.
        const long rc = ::syscall(SYS_futex_waitv, waiters, static_cast<unsigned>(entries.size()),
                                  0u, timeout, CLOCK_MONOTONIC);
        if (rc >= 0)
            return {futex_status::woken, static_cast<std::size_t>(rc)};
        switch (errno) {
        case EAGAIN:
            return first_changed(entries);
        case ETIMEDOUT:
            return {futex_status::timed_out, 0};
        case EINTR:
            continue;
        case ENOSYS:
        case EPERM:
            // Forbidden since the probe (a seccomp filter installed later):
            // emulate from now on rather than fail.
            waitv_state.store(0, std::memory_order_relaxed);
            return emulate_waitv(entries, deadline);
        default:
            throw_futex_error(errno, "freethreading: futex_waitv");
        }
    }
}

bool futex_waitv_available() noexcept
{
    if (waitv_forced_off.load(std::memory_order_relaxed))
        return false;
    int state = waitv_state.load(std::memory_order_relaxed);
    if (FREETHREADING_UNLIKELY(state < 0)) {
        // Racing probes agree, so a plain store is enough.
        state = probe_waitv() ? 1 : 0;
        waitv_state.store(state, std::memory_order_relaxed);
    }
    return state == 1;
}

void force_futex_waitv_fallback(bool force) noexcept
{
    waitv_forced_off.store(force, std::memory_order_relaxed);
}

} // namespace freethreading::detail
