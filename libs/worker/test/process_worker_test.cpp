//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// What only a process worker does (DESIGN §4.1 exitcode, §6 process creation
// and signals): exit codes of every way a process ends, also when SIGCHLD is
// ignored or user code reaps the child, terminate() and kill(), and a worker
// started from a thread that ends before it. multiprocessing::worker is
// spelled out, so both ctest runs exercise it.

#include <freethreading/worker/worker.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/printing.hpp>
#include <freethreading_test/contenders.hpp>
#include <freethreading_test/process_state.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <pthread.h>
#include <string>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <ucontext.h>
#include <unistd.h>

namespace {

using namespace std::chrono_literals;
using freethreading_test::quiet_stderr;
using process_worker = freethreading::multiprocessing::worker;

struct flags
{
    std::atomic<int> go{0};
    std::atomic<int> ready{0};
    std::atomic<int> done{0};
    std::atomic<int> value{0};
};

bool wait_flag(const std::atomic<int>& f, std::chrono::milliseconds limit = 10s)
{
    const auto end = std::chrono::steady_clock::now() + limit;
    while (f.load() == 0) {
        if (std::chrono::steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

template <class W>
concept can_terminate = requires(W& w) { w.terminate(); };
template <class W>
concept can_kill = requires(W& w) { w.kill(); };

// A crash must not leave a core file behind.
void no_core_file()
{
    const rlimit none{0, 0};
    ::setrlimit(RLIMIT_CORE, &none);
}

// A real invalid store: UBSan (the asan preset) must not turn it into its
// own report and exit before the signal is raised.
[[noreturn, gnu::no_sanitize("undefined")]] void segfault()
{
    no_core_file();
    volatile int* volatile nowhere = nullptr;
    *nowhere = 1;
    std::abort(); // not reached
}

// Runs a worker to its end and returns its exit code.
template <class F>
std::optional<int> exit_code_of(F target)
{
    process_worker w(target);
    w.start();
    w.join();
    return w.exitcode();
}

int kill_a_sleeper()
{
    process_worker w([] {
        for (;;)
            ::pause();
    });
    w.start();
    w.kill();
    w.join();
    return w.exitcode().value_or(0);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_segfault_is_minus_sigsegv_and_the_parent_is_unharmed)
{
    process_worker w(freethreading::worker_options{.name = "Crasher"}, [] { segfault(); });
    w.start();
    w.join();
    BOOST_TEST(w.exitcode() == std::optional<int>(-SIGSEGV));
    BOOST_TEST(!w.is_alive());
    // The parent goes on: it makes and joins another worker.
    BOOST_TEST(exit_code_of([] {}) == std::optional<int>(0));
}

BOOST_AUTO_TEST_CASE(exit_codes_of_every_way_to_end)
{
    BOOST_TEST(exit_code_of([] {}) == std::optional<int>(0));
    BOOST_TEST(exit_code_of([] { std::exit(3); }) == std::optional<int>(3));
    BOOST_TEST(exit_code_of([] { ::_exit(4); }) == std::optional<int>(4));
    BOOST_TEST(exit_code_of([] {
                   no_core_file();
                   std::abort();
               }) == std::optional<int>(-SIGABRT));
    BOOST_TEST(exit_code_of([] { ::raise(SIGTERM); }) == std::optional<int>(-SIGTERM));
    quiet_stderr quiet;
    BOOST_TEST(exit_code_of([] { throw std::runtime_error("from a process"); }) == std::optional<int>(1));
}

BOOST_AUTO_TEST_CASE(terminate_and_kill)
{
    static_assert(can_terminate<process_worker> && can_kill<process_worker>);
    static_assert(can_terminate<freethreading::worker> && can_kill<freethreading::worker>);
    static_assert(!can_terminate<freethreading::threading::worker> && !can_kill<freethreading::threading::worker>);

    BOOST_TEST(kill_a_sleeper() == -SIGKILL);

    process_worker t([] {
        for (;;)
            ::pause();
    });
    t.start();
    BOOST_TEST(t.is_alive());
    t.terminate();
    BOOST_TEST(t.join_for(5s));
    BOOST_TEST(t.exitcode() == std::optional<int>(-SIGTERM));
    t.kill(); // after the end: nothing to signal, no error
    BOOST_TEST(t.exitcode() == std::optional<int>(-SIGTERM));
}

BOOST_AUTO_TEST_CASE(the_worker_is_a_child_of_this_process)
{
    freethreading_test::shared_page<flags> f;
    flags* const pf = &*f;
    const pid_t parent = ::getpid();
    process_worker w([pf, parent] {
        pf->value = ::getppid() == parent ? 1 : 2;
        pf->ready = 1;
        (void)wait_flag(pf->go);
    });
    w.start();
    BOOST_TEST(wait_flag(f->ready));
    BOOST_TEST(freethreading_test::count_children() == 1);
    BOOST_TEST(f->value.load() == 1);
    f->go = 1;
    w.join();
    BOOST_TEST(freethreading_test::count_children() == 0); // reaped by join
}

BOOST_AUTO_TEST_CASE(started_from_a_thread_that_ends_it_runs_to_completion)
{
    // Forks come from the library's long-lived spawner thread, so the child's
    // PR_SET_PDEATHSIG is not tied to the short-lived thread that started it.
    freethreading_test::shared_page<flags> f;
    flags* const pf = &*f;
    std::optional<process_worker> w;
    std::thread([&] {
        process_worker made([pf] {
            pf->ready = 1;
            if (wait_flag(pf->go)) // released only after the thread has ended
                pf->done = 1;
        });
        made.start();
        w.emplace(made);
    }).join();
    BOOST_TEST(wait_flag(f->ready));
    std::this_thread::sleep_for(20ms); // a signal on the thread's exit would have landed by now
    BOOST_TEST(w->is_alive());
    f->go = 1;
    w->join();
    BOOST_TEST(f->done.load() == 1);
    BOOST_TEST(w->exitcode() == std::optional<int>(0));
}

// TSan does not support fork() of a threaded process: in the child it checks
// only the threads made after the fork, against the parent's lock state.
#if !defined(__SANITIZE_THREAD__)
// What the main thread of a forked helper process sees: it starts a worker
// and ends through pthread_exit while another thread goes on.
struct main_thread_outcome : flags
{
    std::atomic<int> exiting{0}; // the helper's main thread is in pthread_exit
    std::atomic<int> alive{-1};  // the worker, 50 ms after that
    std::atomic<int> exitcode{-100};
};

main_thread_outcome* helper_outcome = nullptr;

// Runs on a stack of its own: pthread_exit unwinds the stack it is called
// on, and the test's own frames hold Boost.Test's catch (...), which would
// swallow the unwinding (glibc then aborts: "exception not rethrown").
void helper_main_thread()
{
    main_thread_outcome* const pf = helper_outcome;
    process_worker w([pf] {
        pf->ready = 1;
        if (wait_flag(pf->go))
            pf->done = 1;
    });
    w.start();
    (void)wait_flag(pf->ready);
    std::thread([pf, w]() mutable {
        (void)wait_flag(pf->exiting);
        std::this_thread::sleep_for(50ms); // a signal on the thread's exit would have landed by now
        pf->alive = w.is_alive() ? 1 : 0;
        pf->go = 1;
        w.join();
        pf->exitcode = w.exitcode().value_or(-200);
        ::_exit(0);
    }).detach();
    pf->exiting = 1;
    ::pthread_exit(nullptr);
}

BOOST_AUTO_TEST_CASE(started_from_the_main_thread_it_outlives_that_thread_s_pthread_exit)
{
    // The main thread forks itself, so the child's PR_SET_PDEATHSIG is tied
    // to it: ended through pthread_exit while another thread goes on, it
    // waits for the child first (doc/design-notes.md "Forks from the main
    // thread"). The main thread here is that of a forked helper process.
    freethreading_test::shared_page<main_thread_outcome> f;
    helper_outcome = &*f;
    const pid_t helper = ::fork();
    BOOST_REQUIRE(helper >= 0);
    if (helper == 0) {
        constexpr std::size_t stack_size = 1 << 20;
        void* stack = ::mmap(nullptr, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (stack == MAP_FAILED)
            ::_exit(2);
        ucontext_t context{};
        ::getcontext(&context);
        context.uc_stack.ss_sp = stack;
        context.uc_stack.ss_size = stack_size;
        context.uc_link = nullptr;
        ::makecontext(&context, &helper_main_thread, 0);
        ::setcontext(&context);
        ::_exit(3);
    }
    int status = 0;
    BOOST_REQUIRE(::waitpid(helper, &status, 0) == helper);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 0);
    BOOST_TEST(f->alive.load() == 1);
    BOOST_TEST(f->done.load() == 1);
    BOOST_TEST(f->exitcode.load() == 0);
}
#endif

BOOST_AUTO_TEST_CASE(exit_codes_are_right_with_sigchld_ignored)
{
    // The kernel reaps the children itself: the codes come from the exit slot.
    struct sigchld_ignored // restored on every path, so no failure here spoils later cases
    {
        struct sigaction previous = {};
        sigchld_ignored()
        {
            struct sigaction ignore = {};
            ignore.sa_handler = SIG_IGN;
            ::sigaction(SIGCHLD, &ignore, &previous);
        }
        ~sigchld_ignored() { ::sigaction(SIGCHLD, &previous, nullptr); }
    };
    std::optional<int> returned, exited, thrown, crashed;
    int killed = 0;
    {
        sigchld_ignored ignored;
        quiet_stderr quiet;
        returned = 0; // 100 times: a quick child may be gone before its pidfd is opened
        for (int i = 0; i < 100 && returned == std::optional<int>(0); ++i)
            returned = exit_code_of([] {});
        exited = exit_code_of([] { std::exit(3); });
        thrown = exit_code_of([] { throw std::logic_error("thrown"); });
        crashed = exit_code_of([] { segfault(); });
        killed = kill_a_sleeper();
    }
    BOOST_TEST(returned == std::optional<int>(0));
    BOOST_TEST(exited == std::optional<int>(3));
    BOOST_TEST(thrown == std::optional<int>(1));
    BOOST_TEST(crashed == std::optional<int>(-SIGSEGV));
    BOOST_TEST(killed == -SIGKILL);
    BOOST_TEST(freethreading_test::count_children() == 0);
}

BOOST_AUTO_TEST_CASE(exit_code_is_right_when_user_code_reaps_the_child)
{
    process_worker w([] { std::exit(5); });
    w.start();
    int raw = 0;
    const pid_t pid = static_cast<pid_t>(*w.ident());
    BOOST_TEST(::waitpid(pid, &raw, 0) == pid); // user code takes the status first
    BOOST_TEST(WIFEXITED(raw));
    w.join();
    BOOST_TEST(w.exitcode() == std::optional<int>(5));
}

BOOST_AUTO_TEST_CASE(exitcode_reaps_an_ended_worker_without_join)
{
    process_worker w([] { std::exit(7); });
    w.start();
    const auto end = std::chrono::steady_clock::now() + 10s;
    while (!w.exitcode() && std::chrono::steady_clock::now() < end)
        std::this_thread::sleep_for(1ms);
    BOOST_TEST(w.exitcode() == std::optional<int>(7));
    BOOST_TEST(!w.is_alive());
    BOOST_TEST(freethreading_test::count_children() == 0);
    w.join();
}

BOOST_AUTO_TEST_CASE(a_target_may_capture_anything_copyable)
{
    // Forked at start(): the child has the captured objects as they were.
    freethreading_test::shared_page<flags> f;
    flags* const pf = &*f;
    std::vector<int> big(1 << 18, 1);
    std::string text = "captured";
    process_worker w([pf, big, text] {
        long sum = 0;
        for (int v : big)
            sum += v;
        pf->value = static_cast<int>(sum) + static_cast<int>(text.size());
    });
    big.clear(); // the worker holds its own copy
    w.start();
    w.join();
    BOOST_TEST(f->value.load() == (1 << 18) + 8);
}
