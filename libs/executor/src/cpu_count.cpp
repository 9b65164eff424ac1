//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/executor/detail/engine.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <sched.h>
#include <string>

namespace freethreading::detail {

namespace {

// The cgroup v2 quota of this process's cgroup, in whole CPUs rounded up;
// 0 when there is none ("max") or it cannot be read.
std::size_t cgroup_cpu_quota() noexcept
{
    try {
        std::string group;
        {
            std::ifstream in("/proc/self/cgroup");
            std::string line;
            while (std::getline(in, line))
                if (line.rfind("0::", 0) == 0)
                    group = line.substr(3);
        }
        std::ifstream max("/sys/fs/cgroup" + group + "/cpu.max");
        std::string quota;
        unsigned long long period = 0;
        if (!(max >> quota >> period) || quota == "max" || period == 0)
            return 0;
        const unsigned long long q = std::stoull(quota);
        return static_cast<std::size_t>((q + period - 1) / period);
    } catch (...) {
        return 0;
    }
}

// The quota as read at most a second ago. Reading it opens two files
// through streams, about 5 % of a process pool's start on this project's
// VMs (every pool asks, for its idle spin); a quota or a cgroup changed at
// run time is seen within a second. Threads that race here read the files
// each and store the same answer.
std::size_t recent_cgroup_cpu_quota() noexcept
{
    static constexpr std::int64_t never = INT64_MIN;
    static constexpr std::int64_t interval_ns = 1'000'000'000;
    static std::atomic<std::int64_t> read_at{never};
    static std::atomic<std::size_t> quota{0};
    const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
    const std::int64_t at = read_at.load(std::memory_order_acquire);
    if (at != never && now - at < interval_ns)
        return quota.load(std::memory_order_relaxed);
    const std::size_t q = cgroup_cpu_quota();
    quota.store(q, std::memory_order_relaxed);
    read_at.store(now, std::memory_order_release);
    return q;
}

} // namespace

std::size_t usable_cpu_count() noexcept
{
    std::size_t n = 0;
    cpu_set_t set;
    if (::sched_getaffinity(0, sizeof set, &set) == 0)
        n = static_cast<std::size_t>(CPU_COUNT(&set));
    if (const std::size_t quota = recent_cgroup_cpu_quota(); quota != 0 && (n == 0 || quota < n))
        n = quota;
    return n == 0 ? 1 : n;
}

} // namespace freethreading::detail
