//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/executor/detail/engine.hpp>

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

} // namespace

std::size_t usable_cpu_count() noexcept
{
    std::size_t n = 0;
    cpu_set_t set;
    if (::sched_getaffinity(0, sizeof set, &set) == 0)
        n = static_cast<std::size_t>(CPU_COUNT(&set));
    if (const std::size_t quota = cgroup_cpu_quota(); quota != 0 && (n == 0 || quota < n))
        n = quota;
    return n == 0 ? 1 : n;
}

} // namespace freethreading::detail
