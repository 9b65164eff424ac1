//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_TEST_ROBUST_WORD_SCENE_HPP
#define FREETHREADING_CORE_TEST_ROBUST_WORD_SCENE_HPP

// What the robust_word death tests share: the objects the processes of one
// case see in the shared segment, and the steps they synchronise with.

#include <freethreading/core/ipc/robust_word.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/timing.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

#include <pthread.h>
#include <unistd.h>

namespace freethreading_test {

namespace ftd = freethreading::detail;
using steady = std::chrono::steady_clock;
using milliseconds = std::chrono::duration<double, std::milli>;

// Everything the processes (or threads) of one case share; made in the
// shared segment so forked children see it.
struct scene
{
    ftd::robust_word lock;
    std::atomic<int> holding{0};
    std::atomic<int> waiting{0};
    std::atomic<int> died{0};
    std::atomic<int> acquired{0};
    std::atomic<int> timed_out{0};
    std::atomic<std::int64_t> death_ns{0};
    std::atomic<std::int64_t> first_return_ns{0};
    ::pthread_mutex_t glibc_mutex;
    std::uint64_t counter = 0;
};

inline scene& make_scene()
{
    return *ftd::shared_segment::instance().construct<scene>();
}

inline void wait_for(const std::atomic<int>& value, int at_least)
{
    const auto give_up = steady::now() + std::chrono::seconds(10);
    while (value.load() < at_least && steady::now() < give_up)
        std::this_thread::sleep_for(std::chrono::microseconds(100));
}

// Until a waiter has set the lock's WAITERS bit, then a little longer so it
// is asleep in the kernel, not on its way there.
inline void wait_for_sleepers(const scene& s)
{
    const auto give_up = steady::now() + std::chrono::seconds(10);
    while ((s.lock.state() & ftd::robust_word::waiters_bit) == 0 && steady::now() < give_up)
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
}

// A child that takes the lock, waits for `sleepers` waiters to block, and
// _exits holding it, noting the moment.
inline pid_t start_dying_owner(scene& s, int sleepers)
{
    return start_child([&s, sleepers] {
        if (s.lock.lock() != ftd::acquire_result::acquired)
            return false;
        s.holding = 1;
        if (sleepers > 0) {
            wait_for(s.waiting, sleepers);
            wait_for_sleepers(s);
        }
        s.death_ns = now_ns();
        ::_exit(0);
    });
}

inline void record(scene& s, ftd::acquire_result r)
{
    std::int64_t none = 0;
    s.first_return_ns.compare_exchange_strong(none, now_ns());
    using ftd::acquire_result;
    (r == acquire_result::owner_died ? s.died
     : r == acquire_result::acquired ? s.acquired
                                     : s.timed_out)
        .fetch_add(1);
}

inline milliseconds detection_latency(const scene& s)
{
    return std::chrono::nanoseconds(s.first_return_ns.load() - s.death_ns.load());
}

} // namespace freethreading_test

#endif // FREETHREADING_CORE_TEST_ROBUST_WORD_SCENE_HPP
