//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// fork_fresh_storage: zero-filled in a forked child, untouched in the parent,
// and writable in the parent after a fork without a page fault; the fork
// guards (the mutexes the library's fork hooks hold) are free in a child.

#include <freethreading/core/ipc/fork_hooks.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <csignal>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ftd = freethreading::detail;
using freethreading_test::start_child;
using freethreading_test::wait_child;

namespace {

// ThreadSanitizer writes its shadow memory on every access, and those
// private pages are write-protected by the fork too: there, a write to a
// fork-fresh page faults all the same.
#if defined(__SANITIZE_THREAD__)
constexpr bool shadow_writes = true;
#else
constexpr bool shadow_writes = false;
#endif

long thread_minor_faults()
{
    ::rusage u{};
    ::getrusage(RUSAGE_THREAD, &u);
    return u.ru_minflt;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_child_finds_zeros_and_the_parent_keeps_its_values)
{
    std::atomic<std::uint64_t>& a = ftd::make_fork_fresh<std::atomic<std::uint64_t>>(41u);
    a.store(42);
    const pid_t pid = start_child([&] {
        const bool zero = a.load() == 0;
        // The child's own fresh objects are new storage, not the parent's.
        std::atomic<std::uint64_t>& b = ftd::make_fork_fresh<std::atomic<std::uint64_t>>(7u);
        return zero && &b != &a && b.load() == 7 && a.load() == 0;
    });
    BOOST_TEST(wait_child(pid).exited_with(0));
    BOOST_TEST(a.load() == 42u);
}

BOOST_AUTO_TEST_CASE(a_fork_guard_held_at_the_fork_is_free_in_the_child)
{
    std::mutex& m = ftd::make_fork_guard();
    m.lock();
    const pid_t pid = start_child([&] {
        ftd::reset_fork_guard(m);
        if (!m.try_lock())
            return false;
        m.unlock();
        return true;
    });
    BOOST_TEST(wait_child(pid).exited_with(0));
    BOOST_TEST(!m.try_lock()); // still the parent's
    m.unlock();
}

BOOST_AUTO_TEST_CASE(the_parent_writes_after_a_fork_without_a_fault)
{
    std::atomic<std::uint64_t>& fresh = ftd::make_fork_fresh<std::atomic<std::uint64_t>>(0u);
    // On a page of its own, which nothing else writes after the fork.
    struct alignas(65536) page
    {
        std::atomic<std::uint64_t> value{0};
    };
    static page ordinary_page;
    std::atomic<std::uint64_t>& ordinary = ordinary_page.value;
    fresh.store(1);
    ordinary.store(1);
    int go[2];
    BOOST_REQUIRE(::pipe(go) == 0);
    // A bare fork (no atfork handlers: the library's would write the fresh
    // page, which other fresh objects share); the child only waits and exits.
    const pid_t pid = static_cast<pid_t>(::syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0));
    BOOST_REQUIRE(pid >= 0);
    if (pid == 0) {
        char c = 0;
        ::_exit(::read(go[0], &c, 1) == 1 ? 0 : 1); // alive until the parent has measured
    }
    (void)thread_minor_faults(); // its own first fault (the stack) out of the way
    const long before = thread_minor_faults();
    fresh.store(2);
    const long between = thread_minor_faults();
    ordinary.store(2);
    const long after = thread_minor_faults();
    BOOST_REQUIRE(::write(go[1], "x", 1) == 1);
    ::close(go[0]);
    ::close(go[1]);
    BOOST_TEST(wait_child(pid).exited_with(0));
    if (!shadow_writes)
        BOOST_TEST(between - before == 0); // fork-fresh: still writable
    BOOST_TEST(after - between >= 1); // ordinary: write-protected by the fork
}

BOOST_AUTO_TEST_CASE(bad_requests_name_the_size_and_alignment)
{
    try {
        (void)ftd::fork_fresh_storage(1 << 20, 8);
        BOOST_FAIL("a MiB was accepted");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("1048576 bytes aligned to 8") != std::string::npos);
    }
    BOOST_CHECK_THROW((void)ftd::fork_fresh_storage(8, 3), std::invalid_argument);
    BOOST_CHECK_THROW((void)ftd::fork_fresh_storage(8, 0), std::invalid_argument);
}
