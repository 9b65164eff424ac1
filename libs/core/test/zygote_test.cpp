//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The zygote (DESIGN §6): one zygote forks many children, each with its
// exit code; the parent's death takes the zygote and its children with it;
// children see the parent's memory as it was when the zygote was made; the
// zygote ignores SIGINT and ends on SIGTERM, taking its children; destroying
// the launcher kills the children still running; a task id the zygote cannot
// resolve and an argument too long are refused; nothing is left behind.

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/child_process.hpp>
#include <freethreading/core/ipc/zygote_launcher.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>
#include <freethreading_test/printing.hpp>
#include <freethreading_test/process_state.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <poll.h>
#include <span>
#include <stdexcept>
#include <string>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace std::chrono_literals;
using freethreading_test::argument_int;
using freethreading_test::threads_after_fork_supported;
namespace ftd = freethreading::detail;

// Returns its argument, or gives it to std::exit when it is a multiple of 3.
int ends_with_its_argument(std::span<const std::byte> argument)
{
    const int value = argument_int(argument);
    if (value % 3 == 0)
        std::exit(value);
    return value;
}

int sleeps(std::span<const std::byte>)
{
    for (;;)
        ::pause();
}

// A checksum of every argument byte, and of how many there are.
int naps_then_returns_seven(std::span<const std::byte>)
{
    std::this_thread::sleep_for(300ms);
    return 7;
}

int checksum(std::span<const std::byte> argument)
{
    if (argument.size() != ftd::zygote_launcher::max_argument_size)
        return 252;
    int sum = 0;
    for (const std::byte b : argument)
        sum = (sum * 31 + static_cast<int>(b)) % 251;
    return sum;
}

// What children see of the parent's memory: the value at the zygote's birth.
int seen_by_children = 1;

int returns_what_it_sees(std::span<const std::byte>)
{
    return seen_by_children;
}

// A child that was sent SIGINT, ignored in pool processes, and goes on.
int survives_sigint(std::span<const std::byte>)
{
    ::raise(SIGINT);
    return 4;
}

// A program whose task id names another build: the zygote must refuse it.
const ftd::task_id& id_of_another_build()
{
    static const ftd::task_id id = [] {
        ftd::task_id made = ftd::task_id_of<&sleeps>();
        made.build_id[0] ^= 0xff;
        return made;
    }();
    return id;
}

void launch(ftd::zygote_launcher& z, ftd::child_process& c, ftd::child_program program, int argument = 0)
{
    z.launch(c, program, std::as_bytes(std::span<const int>(&argument, 1)));
}

int open_pidfd(pid_t pid)
{
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

// True if the process behind `pidfd` ends within `limit`.
bool ends_within(int pidfd, std::chrono::milliseconds limit)
{
    pollfd pfd{pidfd, POLLIN, 0};
    return ::poll(&pfd, 1, static_cast<int>(limit.count())) == 1;
}

bool process_exists(pid_t pid)
{
    return std::filesystem::exists("/proc/" + std::to_string(pid));
}

// What the test parent of the death test reports.
struct family
{
    static constexpr int children = 3;
    std::atomic<int> ready{0};
    std::atomic<pid_t> zygote{0};
    std::array<std::atomic<pid_t>, children> child{};
};

} // namespace

BOOST_AUTO_TEST_CASE(a_hundred_children_of_one_zygote_each_with_its_exit_code)
{
    ftd::zygote_launcher z;
    std::vector<std::unique_ptr<ftd::child_process>> children;
    for (int i = 0; i < 100; ++i) {
        children.push_back(std::make_unique<ftd::child_process>());
        launch(z, *children.back(), ftd::program_of<&ends_with_its_argument>(), i);
    }
    int right = 0;
    for (int i = 0; i < 100; ++i) {
        children[static_cast<std::size_t>(i)]->join();
        const std::optional<int> code = children[static_cast<std::size_t>(i)]->exitcode();
        if (code == std::optional<int>(i))
            ++right;
        else
            BOOST_TEST_MESSAGE("child " << i << " ended with " << code.value_or(-1000));
    }
    BOOST_TEST(right == 100);
    // They were the zygote's children, not this process's: only the zygote is.
    BOOST_TEST(freethreading_test::count_children() == 1);
    BOOST_TEST(z.zygote().is_alive());
}

BOOST_AUTO_TEST_CASE(children_are_the_zygotes_and_see_memory_as_it_was_when_it_was_made)
{
    seen_by_children = 1;
    ftd::zygote_launcher z;
    seen_by_children = 2; // after the zygote's fork: its children do not see it
    ftd::child_process c;
    launch(z, c, ftd::program_of<&returns_what_it_sees>());
    c.join();
    BOOST_TEST(c.exitcode() == std::optional<int>(1));
    seen_by_children = 1;
}

BOOST_AUTO_TEST_CASE(the_parent_death_takes_the_zygote_and_its_children,
                     *boost::unit_test::precondition(threads_after_fork_supported))
{
    freethreading_test::shared_page<family> page;
    family* const f = &*page;
    const pid_t parent = freethreading_test::start_child([f] {
        ftd::zygote_launcher z;
        std::array<ftd::child_process, family::children> children;
        for (int i = 0; i < family::children; ++i) {
            launch(z, children[static_cast<std::size_t>(i)], ftd::program_of<&sleeps>());
            f->child[static_cast<std::size_t>(i)] = children[static_cast<std::size_t>(i)].pid();
        }
        f->zygote = z.zygote().pid();
        f->ready = 1;
        for (;;)
            ::pause(); // until SIGKILLed
        return false;
    });
    BOOST_TEST_REQUIRE(freethreading_test::eventually([f] { return f->ready.load() != 0; }, 10s));
    // Opened while the test parent lives: these are the very processes.
    std::vector<int> pidfds;
    pidfds.push_back(open_pidfd(f->zygote.load()));
    for (const auto& c : f->child)
        pidfds.push_back(open_pidfd(c.load()));
    for (const int fd : pidfds)
        BOOST_TEST_REQUIRE(fd >= 0);
    for (std::size_t i = 1; i < pidfds.size(); ++i)
        BOOST_TEST(!ends_within(pidfds[i], 0ms)); // sleeping until their parent dies

    ::kill(parent, SIGKILL);
    const auto status = freethreading_test::wait_child(parent);
    BOOST_TEST(status.signal == SIGKILL);
    const auto start = std::chrono::steady_clock::now();
    int ended = 0;
    for (const int fd : pidfds)
        ended += ends_within(fd, 5s) ? 1 : 0;
    BOOST_TEST(ended == 1 + family::children);
    BOOST_TEST_MESSAGE("the zygote and its children ended " << freethreading_test::since(start).count()
                                                            << " ms after their parent");
    for (const int fd : pidfds)
        ::close(fd);
}

BOOST_AUTO_TEST_CASE(the_zygote_ignores_sigint_and_ends_on_sigterm_with_its_children)
{
    ftd::zygote_launcher z;
    ftd::child_process survivor;
    launch(z, survivor, ftd::program_of<&survives_sigint>());
    survivor.join();
    BOOST_TEST(survivor.exitcode() == std::optional<int>(4)); // children ignore SIGINT too

    ftd::child_process sleeper;
    launch(z, sleeper, ftd::program_of<&sleeps>());
    ::kill(z.zygote().pid(), SIGINT);
    std::this_thread::sleep_for(20ms);
    BOOST_TEST(z.zygote().is_alive());
    BOOST_TEST(sleeper.is_alive());

    ::kill(z.zygote().pid(), SIGTERM);
    BOOST_TEST(sleeper.join_for(10s)); // killed by its PDEATHSIG
    BOOST_TEST(sleeper.exitcode() == std::optional<int>(-SIGKILL));
    BOOST_TEST(freethreading_test::eventually([&] { return !z.zygote().is_alive(); }, 10s));
    BOOST_TEST(z.zygote().exitcode() == std::optional<int>(-SIGTERM));

    ftd::child_process late;
    bool refused = false;
    try {
        launch(z, late, ftd::program_of<&sleeps>());
    } catch (const freethreading::error& e) {
        refused = std::string(e.what()).find("zygote") != std::string::npos;
    }
    BOOST_TEST(refused);
    BOOST_TEST(!late.started());
}

BOOST_AUTO_TEST_CASE(a_timed_join_returns_while_a_stopped_zygote_holds_the_status_back)
{
    ftd::zygote_launcher z;
    ftd::child_process c;
    launch(z, c, ftd::program_of<&sleeps>());
    ::kill(z.zygote().pid(), SIGSTOP);
    c.kill(); // it ends, but only its zygote can reap it and say how
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(!c.join_for(100ms));
    const auto waited = freethreading_test::since(start);
    BOOST_TEST(waited >= 100ms);
    BOOST_TEST(waited < 100ms + freethreading_test::timing_slack);
    ::kill(z.zygote().pid(), SIGCONT);
    BOOST_TEST(c.join_for(10s));
    BOOST_TEST(c.exitcode() == std::optional<int>(-SIGKILL));
}

BOOST_AUTO_TEST_CASE(destroying_the_launcher_kills_the_children_still_running)
{
    ftd::child_process sleeper;
    ftd::child_process done;
    pid_t zygote = 0;
    {
        ftd::zygote_launcher z;
        zygote = z.zygote().pid();
        launch(z, sleeper, ftd::program_of<&sleeps>());
        launch(z, done, ftd::program_of<&ends_with_its_argument>(), 5);
        done.join();
    }
    BOOST_TEST(!sleeper.is_alive());
    BOOST_TEST(sleeper.exitcode() == std::optional<int>(-SIGKILL));
    BOOST_TEST(done.exitcode() == std::optional<int>(5));
    // The zygote was reaped: not even a zombie is left.
    BOOST_TEST(freethreading_test::count_children() == 0);
    BOOST_TEST(!process_exists(zygote));
    BOOST_TEST(!process_exists(sleeper.pid()));
}

BOOST_AUTO_TEST_CASE(a_finishing_zygote_ends_after_its_last_child_and_kills_none)
{
    ftd::child_process napper;
    pid_t zygote = 0;
    int zygote_pidfd = -1;
    {
        ftd::zygote_launcher z;
        zygote = z.zygote().pid();
        zygote_pidfd = open_pidfd(zygote);
        BOOST_REQUIRE(zygote_pidfd >= 0);
        launch(z, napper, ftd::program_of<&naps_then_returns_seven>());
        z.finish();
        z.finish(); // again: nothing more
        ftd::child_process late;
        BOOST_CHECK_THROW(launch(z, late, ftd::program_of<&sleeps>()), std::logic_error);
        BOOST_TEST(!late.started());
        // The zygote waits for its child instead of killing it.
        BOOST_TEST(!ends_within(zygote_pidfd, 50ms));
        BOOST_TEST(napper.is_alive());
        BOOST_TEST(napper.join_for(10s));
        BOOST_TEST(ends_within(zygote_pidfd, 10s));
    } // the destructor only joins
    ::close(zygote_pidfd);
    BOOST_TEST(napper.exitcode() == std::optional<int>(7));
    BOOST_TEST(freethreading_test::count_children() == 0);
    BOOST_TEST(!process_exists(zygote));
}

BOOST_AUTO_TEST_CASE(a_task_id_the_zygote_cannot_resolve_is_refused)
{
    ftd::zygote_launcher z;
    ftd::child_process c;
    const ftd::child_program other_build{&sleeps, &id_of_another_build};
    std::optional<ftd::task_id_error::reason_type> reason;
    try {
        launch(z, c, other_build);
    } catch (const ftd::task_id_error& e) {
        reason = e.reason();
        BOOST_TEST(std::string(e.what()).find("refused") != std::string::npos);
    }
    BOOST_TEST((reason == ftd::task_id_error::reason_type::other_build));
    BOOST_TEST(!c.started());
    // The zygote serves the next request.
    launch(z, c, ftd::program_of<&ends_with_its_argument>(), 7);
    c.join();
    BOOST_TEST(c.exitcode() == std::optional<int>(7));
}

BOOST_AUTO_TEST_CASE(an_argument_too_long_is_refused)
{
    ftd::zygote_launcher z;
    ftd::child_process c;
    std::vector<std::byte> big(ftd::zygote_launcher::max_argument_size + 1);
    bool refused = false;
    try {
        z.launch(c, ftd::program_of<&sleeps>(), big);
    } catch (const std::length_error&) {
        refused = true;
    }
    BOOST_TEST(refused);
    BOOST_TEST(!c.started());
    // The largest argument that fits arrives whole.
    big.resize(ftd::zygote_launcher::max_argument_size);
    int expected = 0;
    for (std::size_t i = 0; i < big.size(); ++i) {
        big[i] = static_cast<std::byte>(i * 7 + 3);
        expected = (expected * 31 + static_cast<int>(big[i])) % 251;
    }
    z.launch(c, ftd::program_of<&checksum>(), big);
    c.join();
    BOOST_TEST(c.exitcode() == std::optional<int>(expected));
}
