//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// No orphans (DESIGN §6 "Process creation", issue 17): a program running a
// process executor, a process pool and a process worker (orphan_maker.cpp,
// whose path is this program's argument) is ended by SIGKILL, SIGTERM or
// SIGINT, and every process it started — the pools' zygotes and workers,
// the worker — is gone within a few seconds of it. The processes are found
// by walking /proc from the program's pid while it runs; each is known by
// its pid and start time, so a reused pid is not mistaken for a survivor,
// and a zombie (dead, waiting for whoever inherited it to reap it) counts as
// gone.

#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

using namespace std::chrono_literals;

namespace {

// The orphan_maker program: the argument ending in "orphan_maker".
std::string maker_path()
{
    const auto& suite = boost::unit_test::framework::master_test_suite();
    for (int i = 1; i < suite.argc; ++i) {
        const std::string arg = suite.argv[i];
        if (arg.size() >= 12 && arg.compare(arg.size() - 12, 12, "orphan_maker") == 0)
            return arg;
    }
    return "";
}

struct process
{
    pid_t pid = 0;
    unsigned long long start_time = 0; // clock ticks after boot (field 22 of stat)
    std::string name;
};

// The state, start time and name of a pid from /proc; false if it is gone.
bool read_stat(pid_t pid, char& state, unsigned long long& start_time, std::string& name)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line))
        return false;
    const std::size_t open = line.find('('), close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos)
        return false;
    name = line.substr(open + 1, close - open - 1);
    std::istringstream rest(line.substr(close + 2));
    rest >> state;
    std::string field;
    for (int i = 4; i < 22; ++i) // fields 4..21
        rest >> field;
    rest >> start_time;
    return static_cast<bool>(rest);
}

// True while the process runs (not a zombie, not a new process with its pid).
bool alive(const process& p)
{
    char state = 0;
    unsigned long long start = 0;
    std::string name;
    return read_stat(p.pid, state, start, name) && start == p.start_time && state != 'Z' && state != 'X';
}

// Every descendant of `root`, from each of its threads' children lists.
void descendants(pid_t root, std::vector<process>& out)
{
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(root) + "/task", ec)) {
        std::ifstream children(task.path() / "children");
        pid_t pid = 0;
        while (children >> pid) {
            process p{pid, 0, ""};
            char state = 0;
            if (read_stat(pid, state, p.start_time, p.name) && state != 'Z') {
                out.push_back(p);
                descendants(pid, out);
            }
        }
    }
}

// Starts orphan_maker with its stdout on a pipe; returns its pid and the read end.
pid_t start_maker(const std::string& path, int& out)
{
    int fds[2];
    BOOST_TEST_REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    pid_t pid = 0;
    char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
    const int rc = ::posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, environ);
    ::posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        BOOST_TEST_REQUIRE(rc == 0, "cannot start " << path << ": " << std::strerror(rc));
    }
    out = fds[0];
    return pid;
}

// Reads until "ready" or `limit`.
bool wait_ready(int fd, std::chrono::seconds limit)
{
    std::string got;
    const auto until = std::chrono::steady_clock::now() + limit;
    while (got.find("ready\n") == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        pollfd p{fd, POLLIN, 0};
        const int n = ::poll(&p, 1, static_cast<int>(left.count()));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        char buffer[64];
        const ssize_t r = ::read(fd, buffer, sizeof buffer);
        if (r <= 0)
            return false; // it ended first
        got.append(buffer, static_cast<std::size_t>(r));
    }
    return true;
}

void ends_with_no_orphans(int signal)
{
    const std::string path = maker_path();
    BOOST_TEST_REQUIRE(!path.empty(), "give the orphan_maker program's path as an argument");
    int out = -1;
    const pid_t maker = start_maker(path, out);
    const bool ready = wait_ready(out, 30s);
    ::close(out);
    std::vector<process> started;
    if (ready)
        descendants(maker, started);
    ::kill(maker, signal);
    int status = 0;
    while (::waitpid(maker, &status, 0) < 0 && errno == EINTR) {
    }
    BOOST_TEST_REQUIRE(ready, "orphan_maker did not get ready");
    BOOST_TEST(WIFSIGNALED(status));
    BOOST_TEST(WTERMSIG(status) == signal);
    // Two zygotes, four pool workers, one worker: at least the five workers.
    BOOST_TEST(started.size() >= 5u, started.size() << " processes under orphan_maker");

    const auto start = std::chrono::steady_clock::now();
    std::vector<process> left = started;
    while (!left.empty() && std::chrono::steady_clock::now() - start < 10s) {
        std::erase_if(left, [](const process& p) { return !alive(p); });
        std::this_thread::sleep_for(5ms);
    }
    BOOST_TEST_MESSAGE("after " << strsignal(signal) << ", the " << started.size() << " processes it started were gone in "
                                << freethreading_test::since(start).count() << " ms");
    for (const process& p : left) {
        BOOST_TEST(false, "process " << p.pid << " (" << p.name << ") outlived orphan_maker ended by "
                                     << strsignal(signal));
        ::kill(p.pid, SIGKILL); // not left for the next test
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(no_process_outlives_a_program_killed_with_sigkill)
{
    ends_with_no_orphans(SIGKILL);
}

BOOST_AUTO_TEST_CASE(no_process_outlives_a_program_ended_by_sigterm)
{
    ends_with_no_orphans(SIGTERM);
}

BOOST_AUTO_TEST_CASE(no_process_outlives_a_program_interrupted_by_sigint)
{
    ends_with_no_orphans(SIGINT);
}
