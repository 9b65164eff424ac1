//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Blocking round trips between two processes (DESIGN §10):
//
//   sync.event_pingpong_multiprocessing_vs_futex
//       a pair of multiprocessing::events against a pair of raw futex words
//   sync.condition_pingpong_multiprocessing_vs_futex
//       one multiprocessing::condition and a turn variable against the same
//       raw futex pair
//
// Each benchmark run forks one partner process, which plays as many round
// trips as the run will time (plus a few untimed warm-up ones), then drops its
// references and exits; the parent reaps it. One iteration is one round trip
// and its real time is what the RATIO lines compare.
//
// The whole program, and so the partner it forks, is pinned to one CPU: each
// hop is then a direct switch between the two processes. Unpinned, a wake-up
// of the idle vCPU of this kind of VM costs a VM exit and scatters round trips
// widely (doc/design-notes.md, sync, "The ping-pong benchmark is pinned"),
// which would measure the hypervisor, not the library.
//
// Neither side can hang: every wait has a generous deadline. A partner whose
// wait expires exits with an error; a parent whose wait expires kills and
// reaps the partner and reports the run as failed.

#include <freethreading/sync/condition.hpp>
#include <freethreading/sync/event.hpp>

#include <freethreading_bench/ratio.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <mutex>
#include <new>
#include <optional>
#include <system_error>

#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace {

namespace ft = freethreading;

/** How long either side waits for the other before it gives up. */
constexpr std::chrono::seconds patience{20};

/** Untimed round trips before the timed ones: the partner's first touches of
    its copy-on-write pages are not part of a round trip. */
constexpr benchmark::IterationCount warm_up_round_trips = 100;

/** Exit codes of the partner. */
constexpr int partner_ok = 0;
constexpr int partner_timed_out = 3;
constexpr int partner_threw = 4;

/** A zero-filled `MAP_SHARED | MAP_ANONYMOUS` page, seen by forked children. */
class shared_page
{
public:
    shared_page()
        : address_(::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0))
    {
        if (address_ == MAP_FAILED)
            throw std::system_error(errno, std::generic_category(), "mmap");
    }
    shared_page(const shared_page&) = delete;
    shared_page& operator=(const shared_page&) = delete;
    ~shared_page() { ::munmap(address_, size); }

    /** The `index`-th cache line of the page. */
    void* line(std::size_t index) const noexcept { return static_cast<char*>(address_) + 64 * index; }

private:
    static constexpr std::size_t size = 4096;
    void* address_;
};

// ---------------------------------------------------------------------------
// Baseline: a pair of futex words in a shared page, hand-written. The same
// steps as an event pair: set = store + FUTEX_WAKE, wait = FUTEX_WAIT while 0,
// clear = store. Shared futex operations (no FUTEX_PRIVATE_FLAG), as needed
// across processes; the timeout is FUTEX_WAIT's relative one.

class futex_pingpong
{
public:
    futex_pingpong()
        : ping_(*::new (page_.line(0)) std::atomic<std::uint32_t>(0)),
          pong_(*::new (page_.line(1)) std::atomic<std::uint32_t>(0))
    {
    }

    bool parent_round_trip() noexcept
    {
        set(ping_);
        if (!wait(pong_))
            return false;
        pong_.store(0, std::memory_order_relaxed);
        return true;
    }

    bool partner_round_trip() noexcept
    {
        if (!wait(ping_))
            return false;
        ping_.store(0, std::memory_order_relaxed);
        set(pong_);
        return true;
    }

private:
    static long futex(std::atomic<std::uint32_t>& word, int op, std::uint32_t value, const ::timespec* timeout)
    {
        return ::syscall(SYS_futex, static_cast<void*>(&word), op, value, timeout, nullptr, 0);
    }

    static void set(std::atomic<std::uint32_t>& word) noexcept
    {
        word.store(1, std::memory_order_release);
        futex(word, FUTEX_WAKE, 1, nullptr);
    }

    static bool wait(std::atomic<std::uint32_t>& word) noexcept
    {
        static constexpr ::timespec timeout{patience.count(), 0};
        while (word.load(std::memory_order_acquire) == 0)
            if (futex(word, FUTEX_WAIT, 0, &timeout) != 0 && errno == ETIMEDOUT)
                return false;
        return true;
    }

    shared_page page_;
    std::atomic<std::uint32_t>& ping_;
    std::atomic<std::uint32_t>& pong_;
};

// ---------------------------------------------------------------------------
// Ours, with events: the parent sets `ping` and waits for `pong`; the partner
// waits for `ping`, clears it (before answering, so the parent's next set is
// never lost) and sets `pong`; the parent clears `pong` before its next set.

class event_pingpong
{
public:
    bool parent_round_trip()
    {
        ping_.set();
        if (!pong_.wait_for(patience))
            return false;
        pong_.clear();
        return true;
    }

    bool partner_round_trip()
    {
        if (!ping_.wait_for(patience))
            return false;
        ping_.clear();
        pong_.set();
        return true;
    }

private:
    ft::multiprocessing::event ping_;
    ft::multiprocessing::event pong_;
};

// ---------------------------------------------------------------------------
// Ours, with a condition: a turn variable in shared memory guarded by the
// condition's lock. The parent gives the turn away and waits for it back; the
// partner waits for the turn and gives it back, each notifying under the lock
// (the condition defers the wake-up to the unlock that frees the lock).

class condition_pingpong
{
public:
    condition_pingpong() : turn_(*::new (page_.line(0)) int(parent_turn)) {}

    bool parent_round_trip()
    {
        std::unique_lock<ft::multiprocessing::condition> hold(condition_);
        turn_ = partner_turn;
        condition_.notify();
        return condition_.wait_for(patience, [this] { return turn_ == parent_turn; });
    }

    bool partner_round_trip()
    {
        std::unique_lock<ft::multiprocessing::condition> hold(condition_);
        if (!condition_.wait_for(patience, [this] { return turn_ == partner_turn; }))
            return false;
        turn_ = parent_turn;
        condition_.notify();
        return true;
    }

private:
    static constexpr int parent_turn = 0;
    static constexpr int partner_turn = 1;

    shared_page page_;
    int& turn_;
    ft::multiprocessing::condition condition_;
};

// ---------------------------------------------------------------------------
// The harness, the same for ours and the baseline.

bool pin_to_one_cpu();

/** Plays `round_trips` partner round trips and ends the process; never returns. */
template <class PingPong>
[[noreturn]] void run_partner(std::optional<PingPong>& pingpong, benchmark::IterationCount round_trips) noexcept
{
    int code = partner_ok;
    // Inherited from the parent already; said again so that the partner's CPU
    // never depends on how it was started.
    (void)pin_to_one_cpu();
    try {
        for (benchmark::IterationCount i = 0; i < round_trips; ++i)
            if (!pingpong->partner_round_trip()) {
                std::fprintf(stderr, "pingpong partner %d: timed out after %lld round trips\n", int(::getpid()),
                             static_cast<long long>(i));
                code = partner_timed_out;
                break;
            }
        // Drops the partner's references to the shared objects before it
        // leaves, rather than leaking them to the end of the program.
        pingpong.reset();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pingpong partner %d threw: %s\n", int(::getpid()), e.what());
        code = partner_threw;
    } catch (...) {
        code = partner_threw;
    }
    ::_exit(code);
}

/** Reaps `pid`; returns its wait status. */
int reap(pid_t pid) noexcept
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

template <class PingPong>
void pingpong_benchmark(benchmark::State& state)
{
    std::optional<PingPong> pingpong;
    try {
        pingpong.emplace();
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return;
    }
    std::fflush(nullptr); // nothing buffered is written twice
    const pid_t partner = ::fork();
    if (partner < 0) {
        state.SkipWithError("fork failed");
        return;
    }
    if (partner == 0)
        run_partner(pingpong, warm_up_round_trips + state.max_iterations);

    const char* error = nullptr;
    try {
        for (benchmark::IterationCount i = 0; i < warm_up_round_trips && error == nullptr; ++i)
            if (!pingpong->parent_round_trip())
                error = "the partner did not answer (warm-up)";
        if (error == nullptr)
            for (auto _ : state)
                if (!pingpong->parent_round_trip()) {
                    error = "the partner did not answer";
                    break;
                }
    } catch (const std::exception& e) {
        error = "the parent's side threw";
        std::fprintf(stderr, "pingpong parent: %s\n", e.what());
    }
    if (error != nullptr)
        ::kill(partner, SIGKILL);
    const int status = reap(partner);
    if (error == nullptr && !(WIFEXITED(status) && WEXITSTATUS(status) == partner_ok))
        error = "the partner failed";
    if (error != nullptr)
        state.SkipWithError(error);
}

/** Pins the calling thread (the one that runs the benchmarks, and so every
    partner it forks) to the first CPU it may run on. */
bool pin_to_one_cpu()
{
    ::cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (::sched_getaffinity(0, sizeof(allowed), &allowed) != 0)
        return false;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &allowed)) {
            ::cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(cpu, &one);
            return ::sched_setaffinity(0, sizeof(one), &one) == 0;
        }
    return false;
}

} // namespace

BENCHMARK(pingpong_benchmark<event_pingpong>)->Name("sync.event_pingpong_multiprocessing_vs_futex/ours");
BENCHMARK(pingpong_benchmark<futex_pingpong>)->Name("sync.event_pingpong_multiprocessing_vs_futex/baseline");

BENCHMARK(pingpong_benchmark<condition_pingpong>)->Name("sync.condition_pingpong_multiprocessing_vs_futex/ours");
BENCHMARK(pingpong_benchmark<futex_pingpong>)->Name("sync.condition_pingpong_multiprocessing_vs_futex/baseline");

int main(int argc, char** argv)
{
    // Both processes of every round trip share this one CPU (the partner
    // inherits the affinity at fork).
    if (!pin_to_one_cpu()) {
        std::perror("sched_setaffinity");
        return 1;
    }
    // A round trip costs microseconds and depends on the scheduler, so take
    // more, shorter repetitions than the default (their median is the figure):
    // a burst of load from elsewhere then spoils fewer of them.
    return freethreading_bench::run_main(argc, argv, {.repetitions = 15, .min_time = 0.2});
}
