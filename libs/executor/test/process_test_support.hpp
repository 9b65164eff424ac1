//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_TEST_PROCESS_TEST_SUPPORT_HPP
#define FREETHREADING_EXECUTOR_TEST_PROCESS_TEST_SUPPORT_HPP

// What the process engine's tests share: the engine spelled out, the
// simplest task functions, a check that a pool gives back every byte of the
// segment it took, and waiting for a future's state with a bound.

#include <freethreading/executor/detail/process_engine.hpp>

#include <freethreading/sync/event.hpp>

#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>

namespace process_test {

namespace ftd = freethreading::detail;
using engine = ftd::process_engine<ftd::shared_memory>;
using flavour = ftd::pool_flavour;
using namespace std::chrono_literals;

// Tasks.
inline int square(int x)
{
    return x * x;
}

inline int my_pid()
{
    return static_cast<int>(::getpid());
}

inline int sleep_ms(int ms)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return ms;
}

/** Waits (at most 30 s) for `e`, then returns `v`. */
inline int wait_for_event(freethreading::multiprocessing::event e, int v)
{
    (void)e.wait_for(30s);
    return v;
}

/** The bytes free in the segment (after a first pool has made the state
    slab's pages and the spawner's, which are kept for later use). */
inline std::size_t segment_free()
{
    return ftd::shared_segment::instance().free_memory();
}

/** Makes and stops one pool, so that what the first pool of a program
    takes for good (slab pages, the spawner) is not counted as a leak. */
inline void warm_up()
{
    static const bool done = [] {
        engine e(1, {}, flavour::pool);
        e.close();
        (void)e.join_until(ftd::steady_time::max());
        return true;
    }();
    (void)done;
}

/** Waits for a state to be done, at most `limit`. */
template <class State>
bool done_within(const State& s, std::chrono::milliseconds limit = 10s)
{
    return s->wait_until(std::chrono::steady_clock::now() + limit);
}

/** What the state's exception says, or "" when it holds a value. */
template <class State>
std::string error_text(const State& s)
{
    try {
        (void)s->value();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

using freethreading_test::throws;

/** True if the state's task failed with an `E` whose what() contains
    `part`. */
template <class E, class State>
bool fails_with(const State& s, const std::string& part = "")
{
    try {
        (void)s->value();
    } catch (const E& e) {
        return std::string(e.what()).find(part) != std::string::npos;
    } catch (...) {
        return false;
    }
    return false;
}

/** True if a process with this pid runs (a zombie, dead but not yet
    reaped by whoever inherited it, does not count). */
inline bool process_exists(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return false;
    const std::size_t close = line.rfind(')');
    return close == std::string::npos || close + 2 >= line.size() || line[close + 2] != 'Z';
}

/** The parent pid of a process (the fourth field of /proc/<pid>/stat), or
    -1 if it is gone. */
inline pid_t parent_of(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line))
        return -1;
    const std::size_t close = line.rfind(')');
    if (close == std::string::npos || close + 4 >= line.size())
        return -1;
    return static_cast<pid_t>(std::stol(line.substr(close + 4)));
}

/** Closes, joins within `limit`; false if the join timed out. */
template <class E>
bool close_and_join(E& e, std::chrono::seconds limit = 30s)
{
    e.close();
    return e.join_until(std::chrono::steady_clock::now() + limit);
}

} // namespace process_test

#endif // FREETHREADING_EXECUTOR_TEST_PROCESS_TEST_SUPPORT_HPP
