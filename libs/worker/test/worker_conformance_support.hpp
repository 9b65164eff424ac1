//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_TEST_WORKER_CONFORMANCE_SUPPORT_HPP
#define FREETHREADING_WORKER_TEST_WORKER_CONFORMANCE_SUPPORT_HPP

// What the two parts of the worker_like suite share. The suite is written
// once and run over every spelling of a worker (a thread, a forked process,
// and the facade, which is one or the other by the backend); it carries the
// Python package's Worker tests (args, name, daemon, is_alive, join with a
// timeout) and the rest of DESIGN §4.1 for a worker handle.
//
// A target reports back through a `shared_page`: a MAP_SHARED mapping that a
// thread and a forked child see alike, so one test body serves both kinds.

#include <freethreading/worker/concepts.hpp>
#include <freethreading/worker/functions.hpp>
#include <freethreading/worker/worker.hpp>

#include <freethreading/core/backend.hpp>

#include <freethreading_test/contenders.hpp>
#include <freethreading_test/printing.hpp>
#include <freethreading_test/process_state.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <unistd.h>
#include <vector>

namespace worker_conformance {

using namespace std::chrono_literals;
using freethreading_test::throws_logic_error;
using std::chrono::steady_clock;

/** True when `W` makes processes: always for multiprocessing::worker, by the
    backend for the facade. */
template <class W>
bool makes_processes()
{
    if constexpr (std::same_as<W, freethreading::threading::worker>)
        return false;
    else if constexpr (std::same_as<W, freethreading::multiprocessing::worker>)
        return true;
    else
        return freethreading::get_backend() == freethreading::backend::multiprocessing;
}

/** What a target tells the test; lives in a shared page. */
struct probe
{
    std::atomic<int> go{0};
    std::atomic<int> done{0};
    std::atomic<int> value{0};
    std::atomic<std::int64_t> ident{0};
    std::atomic<int> alive{0};
    char name[64] = {};

    void set_name(const std::string& s)
    {
        std::strncpy(name, s.c_str(), sizeof name - 1);
    }
};

/** Waits (sleeping) until `flag` holds `want`; false after `limit`. */
inline bool wait_for_flag(const std::atomic<int>& flag, int want, std::chrono::milliseconds limit = 10s)
{
    const auto end = steady_clock::now() + limit;
    while (flag.load() != want) {
        if (steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

/** Waits until `pred()`; false after `limit`. */
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 5s)
{
    const auto end = steady_clock::now() + limit;
    while (!pred()) {
        if (steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

/** Sends what is written to `fd` (1 or 2) into a temporary file until
    `text()` restores it. Nothing may report a test result in between. */
class fd_capture
{
public:
    explicit fd_capture(int fd) : fd_(fd)
    {
        std::fflush(nullptr);
        std::cout.flush();
        std::cerr.flush();
        char path[] = "/tmp/freethreading_worker_test_XXXXXX";
        file_ = ::mkstemp(path);
        if (file_ < 0)
            throw std::runtime_error("mkstemp failed");
        path_ = path;
        saved_ = ::dup(fd_);
        ::dup2(file_, fd_);
    }
    fd_capture(const fd_capture&) = delete;
    fd_capture& operator=(const fd_capture&) = delete;
    ~fd_capture() { restore(); }

    /** Restores the descriptor and returns what was written to it. */
    std::string text()
    {
        if (saved_ < 0)
            return {};
        std::fflush(nullptr);
        std::string all;
        char buf[4096];
        for (off_t at = 0;;) {
            const ssize_t n = ::pread(file_, buf, sizeof buf, at);
            if (n <= 0)
                break;
            all.append(buf, static_cast<std::size_t>(n));
            at += n;
        }
        restore();
        return all;
    }

private:
    void restore()
    {
        if (saved_ < 0)
            return;
        std::fflush(nullptr);
        ::dup2(saved_, fd_);
        ::close(saved_);
        ::close(file_);
        saved_ = -1;
        ::unlink(path_.c_str());
    }

    int fd_;
    int file_ = -1;
    int saved_ = -1;
    std::string path_;
};

/** The number of times `needle` occurs in `text`. */
inline int occurrences(const std::string& text, const std::string& needle)
{
    int n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size()))
        ++n;
    return n;
}

/** The name the kernel shows for thread or process `id` ("" if gone). */
inline std::string os_name(std::int64_t id)
{
    std::ifstream in("/proc/" + std::to_string(id) + "/comm");
    std::string s;
    std::getline(in, s);
    return s;
}

/** The N of a default "Thread-N" / "Process-N" name, or -1. */
inline int default_name_number(const std::string& name, const std::string& prefix)
{
    if (name.rfind(prefix, 0) != 0)
        return -1;
    return std::atoi(name.c_str() + prefix.size());
}

} // namespace worker_conformance

#endif // FREETHREADING_WORKER_TEST_WORKER_CONFORMANCE_SUPPORT_HPP
