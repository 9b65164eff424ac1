//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The size of the shared segment: FREETHREADING_SHM_SIZE's grammar and the
// default rule of DESIGN §6.

#include <freethreading/core/ipc/shared_segment.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>

namespace freethreading::detail {

namespace {

constexpr std::size_t KiB = 1024;
constexpr std::size_t MiB = 1024 * KiB;
constexpr std::size_t GiB = 1024 * MiB;

[[noreturn]] void bad_size(const char* text, const char* why)
{
    throw std::invalid_argument(std::string("freethreading: FREETHREADING_SHM_SIZE='") + text + "' " + why +
                                "; expected <digits>[K|M|G] (binary units, at least 1M), "
                                "for example 256M or 4G");
}

// memory.max of this process's cgroup (v2), or 0 when unlimited or unknown.
std::size_t cgroup_memory_max()
{
    std::ifstream cgroup("/proc/self/cgroup");
    std::string line;
    while (std::getline(cgroup, line)) {
        if (line.rfind("0::", 0) != 0)
            continue;
        std::ifstream max("/sys/fs/cgroup" + line.substr(3) + "/memory.max");
        std::string value;
        if (max >> value && value != "max")
            return static_cast<std::size_t>(std::stoull(value));
    }
    return 0;
}

// CommitLimit - Committed_AS when vm.overcommit_memory=2 (strict accounting),
// else 0: only then does a NORESERVE mapping count against a limit.
std::size_t commit_headroom()
{
    std::ifstream mode_file("/proc/sys/vm/overcommit_memory");
    int mode = 0;
    if (!(mode_file >> mode) || mode != 2)
        return 0;
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::size_t value = 0, limit = 0, committed = 0;
    std::string unit;
    while (meminfo >> key >> value) {
        std::getline(meminfo, unit);
        if (key == "CommitLimit:")
            limit = value * KiB;
        else if (key == "Committed_AS:")
            committed = value * KiB;
    }
    return limit > committed ? limit - committed : 1;
}

} // namespace

std::size_t parse_segment_size(const char* text)
{
    const std::size_t n = std::strlen(text);
    std::size_t digits = 0;
    while (digits < n && text[digits] >= '0' && text[digits] <= '9')
        ++digits;
    if (digits == 0)
        bad_size(text, "does not start with digits");
    std::size_t unit = 1;
    if (digits + 1 == n) {
        switch (text[digits]) {
        case 'K': unit = KiB; break;
        case 'M': unit = MiB; break;
        case 'G': unit = GiB; break;
        default: bad_size(text, "has an unknown unit");
        }
    } else if (digits != n) {
        bad_size(text, "has trailing characters");
    }
    std::size_t value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        const std::size_t d = static_cast<std::size_t>(text[i] - '0');
        if (value > (std::numeric_limits<std::size_t>::max() - d) / 10)
            bad_size(text, "is too large");
        value = value * 10 + d;
    }
    if (value > std::numeric_limits<std::size_t>::max() / unit)
        bad_size(text, "is too large");
    value *= unit;
    if (value < MiB)
        bad_size(text, "is below the minimum of 1M");
    if (value > (std::size_t(1) << 46))
        bad_size(text, "is larger than the 64 TiB an address space can map");
    return value;
}

std::size_t default_segment_size() noexcept
{
    std::size_t size = GiB;
    try {
        if (const std::size_t max = cgroup_memory_max(); max != 0)
            size = std::min(size, max / 4);
        if (const std::size_t headroom = commit_headroom(); headroom != 0)
            size = std::min(size, headroom / 4);
    } catch (...) {
        // An unreadable /proc or /sys: keep the 1 GiB default.
    }
    return std::max(size, 16 * MiB);
}

} // namespace freethreading::detail
