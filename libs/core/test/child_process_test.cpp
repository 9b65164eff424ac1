//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// child_process through both launchers (DESIGN §4.1 exit codes, §6): the
// exit code of every way a child ends — 0 for a body that returned, 1 for one
// that threw, the status given to std::exit, -SIGKILL, -SIGTERM — also with
// SIGCHLD ignored and while another thread reaps any child with
// waitpid(-1); join_until timing out; is_alive; misuse refused.

#include <freethreading/core/ipc/child_launcher.hpp>
#include <freethreading/core/ipc/child_process.hpp>
#include <freethreading/core/ipc/zygote_launcher.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>
#include <freethreading_test/printing.hpp>
#include <freethreading_test/process_state.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <span>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;
using freethreading_test::argument_int;
using freethreading_test::quiet_stderr;
using freethreading_test::sigchld_ignored;
using freethreading_test::throws_logic_error;
namespace ftd = freethreading::detail;

// The child programs. Each reads an int from its argument where it needs one.
int returns_its_argument(std::span<const std::byte> argument)
{
    return argument_int(argument);
}

int exits_with_its_argument(std::span<const std::byte> argument)
{
    std::exit(argument_int(argument));
}

int throws(std::span<const std::byte>)
{
    throw std::runtime_error("thrown in a child on purpose");
}

int sleeps(std::span<const std::byte>)
{
    for (;;)
        ::pause();
}

int raises_sigterm(std::span<const std::byte>)
{
    ::raise(SIGTERM);
    return 0;
}

// The launchers, as the test cases see them.
struct via_spawner
{
    ftd::child_launcher& launcher() { return ftd::spawner_launcher::instance(); }
};

struct via_zygote
{
    ftd::zygote_launcher zygote;
    ftd::child_launcher& launcher() { return zygote; }
};

using launchers = std::tuple<via_spawner, via_zygote>;

template <ftd::child_main F>
void launch(ftd::child_launcher& l, ftd::child_process& c, int argument = 0)
{
    l.launch(c, ftd::program_of<F>(), std::as_bytes(std::span<const int>(&argument, 1)));
}

// Launches F, joins it and returns its exit code.
template <ftd::child_main F>
std::optional<int> exit_code_of(ftd::child_launcher& l, int argument = 0)
{
    ftd::child_process c;
    launch<F>(l, c, argument);
    c.join();
    return c.exitcode();
}

std::optional<int> code_after(ftd::child_launcher& l, int sig)
{
    ftd::child_process c;
    launch<&sleeps>(l, c);
    c.send_signal(sig);
    BOOST_TEST(c.join_for(10s));
    return c.exitcode();
}

// Every way to end, with the codes DESIGN §4.1 gives them.
struct codes
{
    std::optional<int> returned, returned_7, thrown, exited, killed, terminated, raised;
};

codes codes_of_every_way_to_end(ftd::child_launcher& l)
{
    codes c;
    c.returned = exit_code_of<&returns_its_argument>(l, 0);
    c.returned_7 = exit_code_of<&returns_its_argument>(l, 7);
    c.thrown = exit_code_of<&throws>(l);
    c.exited = exit_code_of<&exits_with_its_argument>(l, 3);
    c.killed = code_after(l, SIGKILL);
    c.terminated = code_after(l, SIGTERM);
    c.raised = exit_code_of<&raises_sigterm>(l);
    return c;
}

// A signal the child raises on itself and does not catch leaves no code in
// its slot: where the status went elsewhere (SIGCHLD ignored, a thread
// reaping any child), a child of this process reports -SIGKILL; a zygote
// always has the status.
void check(const codes& c, bool status_may_be_taken = false)
{
    BOOST_TEST(c.returned == std::optional<int>(0));
    BOOST_TEST(c.returned_7 == std::optional<int>(7));
    BOOST_TEST(c.thrown == std::optional<int>(1));
    BOOST_TEST(c.exited == std::optional<int>(3));
    BOOST_TEST(c.killed == std::optional<int>(-SIGKILL));
    BOOST_TEST(c.terminated == std::optional<int>(-SIGTERM));
    if (!status_may_be_taken)
        BOOST_TEST(c.raised == std::optional<int>(-SIGTERM));
    else
        BOOST_TEST((c.raised == std::optional<int>(-SIGTERM) || c.raised == std::optional<int>(-SIGKILL)));
}

} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(exit_codes_of_every_way_to_end, L, launchers)
{
    quiet_stderr quiet; // before the zygote: its children write to its stderr
    L via;
    check(codes_of_every_way_to_end(via.launcher()));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(exit_codes_are_right_with_sigchld_ignored, L, launchers)
{
    codes c;
    int quick_ones_right = 0;
    {
        quiet_stderr quiet;
        sigchld_ignored ignored; // before the zygote is made: it inherits the disposition
        L via;
        c = codes_of_every_way_to_end(via.launcher());
        for (int i = 0; i < 50; ++i) // quick children may be gone before their pidfd is opened
            quick_ones_right += exit_code_of<&returns_its_argument>(via.launcher(), i) == std::optional<int>(i);
    }
    check(c, std::is_same_v<L, via_spawner>);
    BOOST_TEST(quick_ones_right == 50);
    BOOST_TEST(freethreading_test::count_children() == 0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(exit_codes_are_right_while_another_thread_reaps_any_child, L, launchers)
{
    quiet_stderr quiet;
    L via;
    std::atomic<bool> stop{false};
    std::atomic<int> stolen{0};
    // User code that takes every status it can (for a zygote's children it
    // can take none: they are the zygote's).
    std::thread reaper([&] {
        while (!stop.load()) {
            int raw = 0;
            if (::waitpid(-1, &raw, WNOHANG) > 0)
                ++stolen;
            else
                std::this_thread::sleep_for(100us);
        }
    });
    const codes c = codes_of_every_way_to_end(via.launcher());
    stop = true;
    reaper.join();
    check(c, std::is_same_v<L, via_spawner>);
    BOOST_TEST_MESSAGE("the reaping thread took " << stolen.load() << " statuses");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(join_until_times_out_while_the_child_runs, L, launchers)
{
    L via;
    ftd::child_process c;
    launch<&sleeps>(via.launcher(), c);
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(!c.join_for(50ms));
    const auto waited = freethreading_test::since(start);
    BOOST_TEST(waited >= 50ms);
    BOOST_TEST(waited < 50ms + freethreading_test::timing_slack);
    BOOST_TEST(!c.join_until(std::chrono::steady_clock::now() - 1s)); // a deadline in the past tries once
    BOOST_TEST(!c.exitcode().has_value());
    c.kill();
    BOOST_TEST(c.join_for(10s));
    BOOST_TEST(c.exitcode() == std::optional<int>(-SIGKILL));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(is_alive_until_the_end, L, launchers)
{
    L via;
    ftd::child_process c;
    BOOST_TEST(!c.started());
    BOOST_TEST(c.pid() == -1);
    BOOST_TEST(!c.is_alive());
    BOOST_TEST(!c.exitcode().has_value());
    launch<&sleeps>(via.launcher(), c);
    BOOST_TEST(c.started());
    BOOST_TEST(c.pid() > 0);
    BOOST_TEST(c.is_alive());
    BOOST_TEST(!c.exitcode().has_value());
    c.terminate();
    BOOST_TEST(freethreading_test::eventually([&] { return !c.is_alive(); }, 10s));
    // Not alive means ended and known, without a join.
    BOOST_TEST(c.exitcode() == std::optional<int>(-SIGTERM));
    c.kill(); // after the end: nothing to signal, no error
    BOOST_TEST(c.exitcode() == std::optional<int>(-SIGTERM));
    c.join();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(joins_from_several_threads_all_see_the_end, L, launchers)
{
    L via;
    ftd::child_process c;
    launch<&sleeps>(via.launcher(), c);
    std::atomic<int> joined{0};
    std::thread a([&] {
        c.join();
        ++joined;
    });
    std::thread b([&] {
        if (c.join_for(10s))
            ++joined;
    });
    std::thread watcher([&] { (void)freethreading_test::eventually([&] { return !c.is_alive(); }, 10s); });
    std::this_thread::sleep_for(20ms);
    c.kill();
    a.join();
    b.join();
    watcher.join();
    BOOST_TEST(joined.load() == 2);
    BOOST_TEST(c.exitcode() == std::optional<int>(-SIGKILL));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(misuse_is_refused, L, launchers)
{
    L via;
    ftd::child_process c;
    BOOST_TEST(throws_logic_error([&] { c.join(); }));
    BOOST_TEST(throws_logic_error([&] { c.kill(); }));
    launch<&returns_its_argument>(via.launcher(), c, 0);
    BOOST_TEST(throws_logic_error([&] { launch<&returns_its_argument>(via.launcher(), c, 0); }));
    c.join();
    BOOST_TEST(c.exitcode() == std::optional<int>(0));
}
