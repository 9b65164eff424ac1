//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_CHILD_PROCESS_HPP
#define FREETHREADING_TEST_CHILD_PROCESS_HPP

// Test support shared by every module's tests: run code in forked children
// and check what they leave behind.

#include <freethreading/core/ipc/handle_table.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace freethreading_test {

/** How a child ended: `exit_code` for a normal exit, `signal` if killed. */
struct child_status
{
    int exit_code = -1;
    int signal = 0;
    bool exited_with(int code) const { return signal == 0 && exit_code == code; }
};

inline child_status decode_status(int raw)
{
    child_status s;
    if (WIFEXITED(raw))
        s.exit_code = WEXITSTATUS(raw);
    else if (WIFSIGNALED(raw))
        s.signal = WTERMSIG(raw);
    return s;
}

/** Forks a child that runs `body()`, releases its shared-object references
    and `_exit`s: 0 when it returned true,
    1 when it returned false, 2 when it threw (the message goes to stderr).
    Returns the child's pid at once; reap it with `wait_child`. */
template <class F>
pid_t start_child(F&& body)
{
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        std::perror("fork");
        std::abort();
    }
    if (pid == 0) {
        int code = 2;
        try {
            code = body() ? 0 : 1;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "child %d threw: %s\n", int(::getpid()), e.what());
        } catch (...) {
            std::fprintf(stderr, "child %d threw a non-std exception\n", int(::getpid()));
        }
        std::fflush(nullptr);
        // As the library's own children do at exit: references to shared
        // objects inherited or made here end with this process (copies on
        // the stacks of the parent's other threads would otherwise keep them
        // alive for the program's life, DESIGN §3).
        freethreading::detail::handle_table::release_all();
        ::_exit(code);
    }
    return pid;
}

inline child_status wait_child(pid_t pid)
{
    int raw = 0;
    while (::waitpid(pid, &raw, 0) < 0) {
        if (errno != EINTR) {
            std::perror("waitpid");
            std::abort();
        }
    }
    return decode_status(raw);
}

/** Runs `body()` in a forked child and waits for it. */
template <class F>
child_status run_in_child(F&& body)
{
    return wait_child(start_child(std::forward<F>(body)));
}

/** The number of children of this process that still exist (zombies too),
    read from /proc so that nothing is reaped by looking. */
inline int count_children()
{
    int n = 0;
    const std::string self = std::to_string(::getpid());
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::FILE* f = std::fopen((task.path() / "children").c_str(), "r");
        if (f == nullptr)
            continue;
        int pid = 0;
        while (std::fscanf(f, "%d", &pid) == 1)
            ++n;
        std::fclose(f);
    }
    return n;
}

/** The number of threads of this process. */
inline int count_threads()
{
    int n = 0;
    for ([[maybe_unused]] const auto& task : std::filesystem::directory_iterator("/proc/self/task"))
        ++n;
    return n;
}

/** The number of /dev/shm objects this process maps or holds open (nothing
    of ours may be there). Not the entries of /dev/shm: that directory is
    the machine's, and other programs running beside a test (benchmarks, MPI
    jobs) make and remove entries there at any moment. */
inline int count_dev_shm()
{
    std::set<std::string> objects;
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);)
        if (const std::size_t at = line.find(" /dev/shm/"); at != std::string::npos)
            objects.insert(line.substr(at + 1));
    std::error_code ec;
    for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        std::error_code link_ec;
        const std::string target = std::filesystem::read_symlink(fd.path(), link_ec).string();
        if (!link_ec && target.rfind("/dev/shm/", 0) == 0)
            objects.insert(target);
    }
    return static_cast<int>(objects.size());
}

} // namespace freethreading_test

#endif // FREETHREADING_TEST_CHILD_PROCESS_HPP
