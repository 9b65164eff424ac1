//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The life of a worker from start to the end of the program (DESIGN §4.3,
// §6): many starts and joins leave no child, thread, descriptor or shared
// handle behind; a program that exits with live workers joins its non-daemon
// processes, terminates its daemon ones and leaves daemon threads running;
// terminate() gives -SIGTERM even when the status was reaped elsewhere.

#include <freethreading/worker/worker.hpp>

#include <freethreading/core/ipc/handle_table.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/printing.hpp>
#include <freethreading_test/contenders.hpp>
#include <freethreading_test/process_state.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <tuple>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;
using freethreading_test::sigchld_ignored;
using freethreading_test::threads_after_fork_supported;
using freethreading_test::eventually;
using process_worker = freethreading::multiprocessing::worker;
using thread_worker = freethreading::threading::worker;

/** The threads of this process that are not the library's own ("ft-…"). */
int count_user_threads()
{
    int n = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        std::getline(comm, name);
        if (comm && name.rfind("ft-", 0) == 0)
            continue;
        ++n;
    }
    return n;
}

int count_open_fds()
{
    int n = 0;
    for ([[maybe_unused]] const auto& fd : std::filesystem::directory_iterator("/proc/self/fd"))
        ++n;
    return n;
}

/** What a worker could leave behind. */
struct resources
{
    int children = freethreading_test::count_children();
    int threads = count_user_threads();
    int fds = count_open_fds();
    std::size_t handles = freethreading::detail::handle_table::size();
};

/** `wait_child` with a limit: a child still running after `limit` is killed
    and reaped, and the result is empty. */
std::optional<freethreading_test::child_status> wait_child_for(pid_t pid, std::chrono::milliseconds limit)
{
    const auto end = std::chrono::steady_clock::now() + limit;
    for (;;) {
        int raw = 0;
        const pid_t r = ::waitpid(pid, &raw, WNOHANG);
        if (r == pid)
            return freethreading_test::decode_status(raw);
        if (r < 0 && errno != EINTR)
            return std::nullopt;
        if (std::chrono::steady_clock::now() > end) {
            ::kill(pid, SIGKILL);
            (void)freethreading_test::wait_child(pid);
            return std::nullopt;
        }
        std::this_thread::sleep_for(1ms);
    }
}

/** Shared by a test, its forked child and the child's workers. */
struct exit_record
{
    std::atomic<int> exiting{0};            // the child is about to call std::exit
    std::atomic<int> non_daemon_done{0};    // the non-daemon worker finished its sleep
    std::atomic<int> daemon_pid{0};         // getpid() in the daemon worker
    std::atomic<int> daemon_got_sigterm{0}; // the daemon was ended by SIGTERM
    std::atomic<int> thread_running{0};     // the daemon thread runs
};

// In the daemon process: the record its SIGTERM handler writes to.
exit_record* daemon_record = nullptr;

// Says that SIGTERM (the exit handler's), not PR_SET_PDEATHSIG's SIGKILL,
// ended the daemon, then ends it by SIGTERM as the default action would.
void note_sigterm(int) noexcept
{
    daemon_record->daemon_got_sigterm.store(1);
    ::signal(SIGTERM, SIG_DFL);
    ::raise(SIGTERM);
}

} // namespace

using lifecycle_types = std::tuple<thread_worker, process_worker>;

BOOST_AUTO_TEST_CASE_TEMPLATE(five_hundred_starts_and_joins_leave_nothing_behind, W, lifecycle_types)
{
    const resources before{};
    int failed = 0;
    for (int i = 0; i < 500; ++i) {
        W w([] {});
        w.start();
        w.join();
        if (w.exitcode() != std::optional<int>(0))
            ++failed;
    }
    const resources after{};
    BOOST_TEST(failed == 0);
    BOOST_TEST(after.children == 0);
    // A joined thread leaves /proc/self/task a moment after pthread_join
    // returns (the kernel wakes the joiner as the thread releases its
    // memory, before the task is gone), as a std::thread's does.
    BOOST_TEST(eventually([&] { return count_user_threads() == before.threads; }, 2s));
    BOOST_TEST(after.fds == before.fds);
    BOOST_TEST(after.handles == before.handles);
}

// These cases fork a child that then starts threads (the spawner, workers):
// the tsan preset skips them (threads_after_fork_supported).

BOOST_AUTO_TEST_CASE(exit_joins_non_daemon_processes_and_terminates_daemon_ones,
                     *boost::unit_test::precondition(threads_after_fork_supported))
{
    freethreading_test::shared_page<exit_record> record;
    exit_record* const pr = &*record;
    const pid_t child = freethreading_test::start_child([pr] {
        process_worker non_daemon([pr] {
            // Started before the exit and still running at it: released only
            // when the child is about to exit.
            if (eventually([pr] { return pr->exiting.load() != 0; }, 10s)) {
                std::this_thread::sleep_for(200ms);
                pr->non_daemon_done = 1;
            }
        });
        process_worker daemon(freethreading::worker_options{.name = "Daemon", .daemon = true}, [pr] {
            daemon_record = pr;
            ::signal(SIGTERM, note_sigterm);
            pr->daemon_pid = static_cast<int>(::getpid());
            std::this_thread::sleep_for(60s);
        });
        non_daemon.start();
        daemon.start();
        if (!eventually([pr] { return pr->daemon_pid.load() != 0; }, 10s))
            return false;
        pr->exiting = 1;
        std::exit(0); // with both handles alive: only the exit handler ends them
    });
    const auto status = wait_child_for(child, 5s);
    BOOST_TEST_REQUIRE(status.has_value()); // the child ended within the limit
    BOOST_TEST(status->exited_with(0));
    BOOST_TEST(pr->non_daemon_done.load() == 1); // joined, not killed
    const pid_t daemon = pr->daemon_pid.load();
    BOOST_TEST_REQUIRE(daemon > 0);
    BOOST_TEST(pr->daemon_got_sigterm.load() == 1); // terminated by the exit handler
    // The child reaped it: not even a zombie is left.
    errno = 0;
    const int probe = ::kill(daemon, 0);
    const int probe_errno = errno;
    BOOST_TEST(probe == -1);
    BOOST_TEST(probe_errno == ESRCH);
    BOOST_TEST(!std::filesystem::exists("/proc/" + std::to_string(daemon)));
    if (probe == 0)
        ::kill(daemon, SIGKILL); // do not leave it sleeping after a failure
}

BOOST_AUTO_TEST_CASE(a_daemon_thread_does_not_keep_the_program_alive,
                     *boost::unit_test::precondition(threads_after_fork_supported))
{
    // Python leaves daemon threads running at exit; the process still ends.
    freethreading_test::shared_page<exit_record> record;
    exit_record* const pr = &*record;
    const pid_t child = freethreading_test::start_child([pr] {
        thread_worker daemon(freethreading::worker_options{.name = "DaemonThread", .daemon = true}, [pr] {
            pr->thread_running = 1;
            std::this_thread::sleep_for(60s);
        });
        daemon.start();
        if (!eventually([pr] { return pr->thread_running.load() != 0; }, 10s))
            return false;
        std::exit(0);
    });
    const auto status = wait_child_for(child, 5s);
    BOOST_TEST_REQUIRE(status.has_value());
    BOOST_TEST(status->exited_with(0));
    BOOST_TEST(pr->thread_running.load() == 1);
}

BOOST_AUTO_TEST_CASE(terminate_is_minus_sigterm_with_sigchld_ignored)
{
    // The kernel reaps the child, and SIGTERM's default action writes no exit
    // slot: the code comes from the signal terminate() delivered.
    std::optional<int> code;
    {
        sigchld_ignored ignored;
        process_worker w([] {
            for (;;)
                ::pause();
        });
        w.start();
        w.terminate();
        BOOST_TEST(w.join_for(5s));
        code = w.exitcode();
    }
    BOOST_TEST(code == std::optional<int>(-SIGTERM));
    BOOST_TEST(freethreading_test::count_children() == 0);
}

BOOST_AUTO_TEST_CASE(terminate_is_minus_sigterm_when_user_code_reaps_the_child)
{
    process_worker w([] {
        for (;;)
            ::pause();
    });
    w.start();
    const auto pid = static_cast<pid_t>(*w.ident());
    w.terminate();
    int raw = 0;
    BOOST_TEST(::waitpid(pid, &raw, 0) == pid); // user code takes the status first
    BOOST_TEST((WIFSIGNALED(raw) && WTERMSIG(raw) == SIGTERM));
    BOOST_TEST(w.join_for(5s));
    BOOST_TEST(w.exitcode() == std::optional<int>(-SIGTERM));
}

BOOST_AUTO_TEST_CASE(kill_after_an_ignored_terminate_is_minus_sigkill)
{
    // The last signal delivered decides: SIGTERM was ignored, SIGKILL ended it.
    freethreading_test::shared_page<std::atomic<int>> ready(0);
    std::atomic<int>* const pready = &*ready;
    std::optional<int> code;
    {
        sigchld_ignored ignored;
        process_worker w([pready] {
            ::signal(SIGTERM, SIG_IGN);
            *pready = 1;
            for (;;)
                ::pause();
        });
        w.start();
        BOOST_TEST(eventually([pready] { return pready->load() != 0; }));
        w.terminate();
        BOOST_TEST(!w.join_for(100ms));
        w.kill();
        BOOST_TEST(w.join_for(5s));
        code = w.exitcode();
    }
    BOOST_TEST(code == std::optional<int>(-SIGKILL));
}
