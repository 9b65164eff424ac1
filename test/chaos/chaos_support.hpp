//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_CHAOS_CHAOS_SUPPORT_HPP
#define FREETHREADING_TEST_CHAOS_CHAOS_SUPPORT_HPP

// What the chaos programs share (DESIGN §6 "Crash consistency", issue 17):
// the iteration count and the seed, a watchdog over each iteration, and the
// probe that tells whether a kill poisoned the segment.
//
// The count and the seed come from FREETHREADING_CHAOS_ITERATIONS and
// FREETHREADING_CHAOS_SEED, else from the command line after Boost.Test's
// `--` (`--iterations=N`, `--seed=S`: how ctest gives its short budget, which
// build/chaos.sh overrides through the environment); by default 200
// iterations and a random seed. The seed is printed, so a failing run can be
// repeated exactly.

#include <freethreading/core/ipc/chunk_arena.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <signal.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unistd.h>

namespace chaos {

using namespace std::chrono_literals;

/** The environment variable's value, else that of `--name=` after
    Boost.Test's `--`, else "". */
inline std::string setting(std::string_view name, const char* variable)
{
    if (const char* v = std::getenv(variable); v != nullptr && *v != '\0')
        return v;
    const auto& suite = boost::unit_test::framework::master_test_suite();
    const std::string prefix = "--" + std::string(name) + "=";
    for (int i = 1; i < suite.argc; ++i) {
        const std::string_view arg = suite.argv[i];
        if (arg.substr(0, prefix.size()) == prefix)
            return std::string(arg.substr(prefix.size()));
    }
    return "";
}

/** A whole non-negative number, or std::invalid_argument naming the setting. */
inline unsigned long long parse_count(const std::string& text, std::string_view what)
{
    std::size_t used = 0;
    unsigned long long v = 0;
    try {
        v = std::stoull(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || text[0] == '-')
        throw std::invalid_argument("chaos: " + std::string(what) + " must be a whole number, not \"" + text + "\"");
    return v;
}

/** Iterations of each chaos scenario (200 by default). */
inline int iterations()
{
    static const int n = [] {
        const std::string s = setting("iterations", "FREETHREADING_CHAOS_ITERATIONS");
        const unsigned long long v = s.empty() ? 200 : parse_count(s, "the iteration count");
        if (v == 0 || v > 1'000'000)
            throw std::invalid_argument("chaos: the iteration count must be between 1 and 1000000, not " + s);
        return static_cast<int>(v);
    }();
    return n;
}

/** The seed of one scenario: the configured one, or a random one; printed. */
inline unsigned seed()
{
    const std::string s = setting("seed", "FREETHREADING_CHAOS_SEED");
    const unsigned v = s.empty() ? std::random_device()() : static_cast<unsigned>(parse_count(s, "the seed"));
    BOOST_TEST_MESSAGE("chaos seed " << v << ", " << iterations() << " iterations");
    return v;
}

/** A watchdog over the iterations of one scenario: an iteration still
    running `limit` after `start` is a hang, so it prints which iteration
    and seed hung, kills this process's children (pool workers die with
    their zygote) and ends the program with status 124, where a hang would
    otherwise last until ctest's timeout and say nothing. */
class watchdog
{
public:
    watchdog(unsigned seed, std::chrono::seconds limit) : seed_(seed), limit_(limit), thread_([this] { watch(); }) {}

    watchdog(const watchdog&) = delete;
    watchdog& operator=(const watchdog&) = delete;

    ~watchdog()
    {
        {
            std::lock_guard<std::mutex> guard(mutex_);
            stop_ = true;
        }
        wake_.notify_one();
        thread_.join();
    }

    /** Iteration `i` starts now. */
    void start(int i)
    {
        {
            std::lock_guard<std::mutex> guard(mutex_);
            iteration_ = i;
            deadline_ = std::chrono::steady_clock::now() + limit_;
        }
        wake_.notify_one();
    }

private:
    void watch()
    {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            if (stop_)
                return;
            if (iteration_ < 0) {
                wake_.wait(lock);
                continue;
            }
            const auto deadline = deadline_;
            if (wake_.wait_until(lock, deadline) == std::cv_status::timeout && deadline_ == deadline && !stop_)
                fire();
        }
    }

    [[noreturn]] void fire()
    {
        std::fprintf(stderr, "chaos watchdog: iteration %d (seed %u) still running after %lld s: a survivor hangs\n",
                     iteration_, seed_, static_cast<long long>(limit_.count()));
        std::error_code ec;
        for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
            std::FILE* f = std::fopen((task.path() / "children").c_str(), "r");
            if (f == nullptr)
                continue;
            int pid = 0;
            while (std::fscanf(f, "%d", &pid) == 1)
                ::kill(pid, SIGKILL);
            std::fclose(f);
        }
        std::fflush(nullptr);
        std::_Exit(124);
    }

    const unsigned seed_;
    const std::chrono::seconds limit_;
    std::mutex mutex_;
    std::condition_variable wake_;
    int iteration_ = -1;
    std::chrono::steady_clock::time_point deadline_{};
    bool stop_ = false;
    std::thread thread_;
};

/** Allocations from the segment's heap and from its chunk arena: both fail
    once a process died inside an allocator (the segment is poisoned). */
inline bool segment_allocates()
{
    namespace ftd = freethreading::detail;
    ftd::shared_segment& s = ftd::shared_segment::instance();
    void* heap = nullptr;
    try {
        heap = s.allocate(64);
    } catch (const std::exception&) {
        heap = nullptr;
    }
    void* chunk = s.arena().allocate(ftd::chunk_arena::granule);
    if (heap != nullptr)
        s.deallocate(heap, 64);
    if (chunk != nullptr)
        s.arena().deallocate(chunk);
    return heap != nullptr && chunk != nullptr && !s.poisoned();
}

/** Spins for a random 0..`most` microseconds: a kill lands anywhere in a loop. */
inline void random_pause(std::mt19937& rng, int most)
{
    const auto until =
        std::chrono::steady_clock::now() + std::chrono::microseconds(std::uniform_int_distribution<int>(0, most)(rng));
    while (std::chrono::steady_clock::now() < until) {
    }
}

} // namespace chaos

#endif // FREETHREADING_TEST_CHAOS_CHAOS_SUPPORT_HPP
