//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_PROCESS_STATE_HPP
#define FREETHREADING_TEST_PROCESS_STATE_HPP

// Process-wide settings a test changes for a while (stderr, SIGCHLD), and
// the checks and helpers the child-process and worker tests share.

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <span>
#include <stdexcept>
#include <unistd.h>

namespace freethreading_test {

/** Sends stderr to /dev/null while alive (for children and targets that
    throw on purpose). */
class quiet_stderr
{
public:
    quiet_stderr()
    {
        std::fflush(stderr);
        saved_ = ::dup(2);
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 2);
        ::close(null);
    }
    quiet_stderr(const quiet_stderr&) = delete;
    quiet_stderr& operator=(const quiet_stderr&) = delete;
    ~quiet_stderr()
    {
        std::fflush(stderr);
        ::dup2(saved_, 2);
        ::close(saved_);
    }

private:
    int saved_;
};

/** Ignores SIGCHLD while alive: the kernel then reaps children itself. */
class sigchld_ignored
{
public:
    sigchld_ignored()
    {
        struct sigaction ignore = {};
        ignore.sa_handler = SIG_IGN;
        ::sigaction(SIGCHLD, &ignore, &previous_);
    }
    sigchld_ignored(const sigchld_ignored&) = delete;
    sigchld_ignored& operator=(const sigchld_ignored&) = delete;
    ~sigchld_ignored() { ::sigaction(SIGCHLD, &previous_, nullptr); }

private:
    struct sigaction previous_ = {};
};

/** True if `f()` throws std::logic_error. */
template <class F>
bool throws_logic_error(F f)
{
    try {
        f();
    } catch (const std::logic_error&) {
        return true;
    }
    return false;
}

/** A Boost.Test precondition for cases that fork a process which then starts
    threads: ThreadSanitizer cannot follow a fork of a multithreaded process,
    so the tsan preset skips them and every other build runs them. */
inline boost::test_tools::assertion_result threads_after_fork_supported(boost::unit_test::test_unit_id)
{
#if defined(__SANITIZE_THREAD__)
    boost::test_tools::assertion_result skip(false);
    skip.message() << "ThreadSanitizer does not support threads started after a fork of a threaded process";
    return skip;
#else
    return true;
#endif
}

/** The int a child program was given as its argument bytes, or 99 when they
    are not one int (no Boost.Test in a child: a wrong exit code tells). */
inline int argument_int(std::span<const std::byte> argument)
{
    int value = 0;
    if (argument.size() != sizeof value)
        return 99;
    std::memcpy(&value, argument.data(), sizeof value);
    return value;
}

} // namespace freethreading_test

#endif // FREETHREADING_TEST_PROCESS_STATE_HPP
