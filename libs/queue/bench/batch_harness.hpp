//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_BENCH_BATCH_HARNESS_HPP
#define FREETHREADING_QUEUE_BENCH_BATCH_HARNESS_HPP

// The harness of the queue throughput benchmarks (DESIGN §10), shared by
// threading.cpp and multiprocessing.cpp: one benchmark iteration moves a batch
// of `batch_items` items from P producers to C consumers through one queue.
//
// The workers (threads, or forked processes) are started once per benchmark
// run and live for all its iterations. Per iteration the coordinator (the
// benchmark's own thread, which does no queue work) publishes a new
// generation in a futex word and wakes them; producer k puts its share of
// the items [0, batch_items); the producer that finishes last puts one
// sentinel per consumer; each consumer takes items until it gets a sentinel,
// adds up the indexes it got, and reports. The iteration ends when every
// consumer has reported, so its real time runs from the start signal to the
// last item received, wake-ups included. The coordinator checks the sum of
// the indexes, so a lost, duplicated or corrupted item fails the run.
//
// Sentinels are ordinary items: both queues under comparison are FIFO across
// all their producers, so every item of a batch comes out before its
// sentinels, whichever consumer takes them.
//
// Nothing can hang. Queue operations in the measured loop are the untimed
// ones (what a user calls; timed forms read the clock), but every
// coordination wait has a deadline (`patience`): a worker that is not
// started again in time gives up, and a coordinator that does not see a
// batch finish in time reports the run as failed and stops the workers
// (processes: SIGKILL and reap; threads, which cannot be killed: the program
// exits with an error).

#include <benchmark/benchmark.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace queue_bench {

/** Items moved per benchmark iteration (the figure is time per item). */
constexpr std::int64_t batch_items = 100'000;

/** How long any side waits for another before it declares a failure. */
constexpr std::chrono::seconds patience{60};

/** Exit codes of a worker (a process's exit status, a thread's report). */
enum worker_status : int { worker_ok = 0, worker_timed_out = 3, worker_threw = 4 };

// ---------------------------------------------------------------------------
// Futex words. Shared (no FUTEX_PRIVATE_FLAG) so that the same code serves
// threads and forked processes.

inline void wake_all(std::atomic<std::uint32_t>& word) noexcept
{
    ::syscall(SYS_futex, static_cast<void*>(&word), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

/** Sleeps while `word == seen`, at most `slice`; spurious returns are fine. */
inline void sleep_while(std::atomic<std::uint32_t>& word, std::uint32_t seen, std::chrono::nanoseconds slice) noexcept
{
    if (slice <= slice.zero())
        return;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(slice);
    const ::timespec timeout{static_cast<::time_t>(seconds.count()), static_cast<long>((slice - seconds).count())};
    ::syscall(SYS_futex, static_cast<void*>(&word), FUTEX_WAIT, seen, &timeout, nullptr, 0);
}

// ---------------------------------------------------------------------------
// The control block, in a MAP_SHARED | MAP_ANONYMOUS page (seen by forked
// workers; as good as any memory for threads). Words written by different
// sides sit on different cache lines.

struct control
{
    alignas(64) std::atomic<std::uint32_t> go{0};   // the batch generation (coordinator → workers)
    std::atomic<std::uint32_t> stop{0};             // set before the last `go`: leave
    alignas(64) std::atomic<std::uint32_t> events{0}; // bumped on every report (workers → coordinator)
    std::atomic<std::uint32_t> finished{0};         // consumers done, over all batches
    std::atomic<std::uint32_t> failed{0};           // a worker's failing status, 0 if none
    std::atomic<std::uint32_t> exited{0};           // workers that have left their loop
    std::atomic<std::int64_t> sum{0};               // of the indexes the consumers got, this batch
    alignas(64) std::atomic<std::uint32_t> producers_done{0}; // over all batches
};

class control_page
{
public:
    control_page()
        : address_(::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0))
    {
        if (address_ == MAP_FAILED)
            throw std::system_error(errno, std::generic_category(), "mmap");
        control_ = ::new (address_) control;
    }
    control_page(const control_page&) = delete;
    control_page& operator=(const control_page&) = delete;
    ~control_page() { ::munmap(address_, size); }

    control& get() const noexcept { return *control_; }

private:
    static constexpr std::size_t size = 4096;
    static_assert(sizeof(control) <= size);
    void* address_;
    control* control_ = nullptr;
};

/** A worker's report of a failure; wakes the coordinator. */
inline void report_failure(control& c, int status) noexcept
{
    std::uint32_t none = 0;
    c.failed.compare_exchange_strong(none, static_cast<std::uint32_t>(status));
    c.events.fetch_add(1);
    wake_all(c.events);
}

/** Waits for a generation other than `seen`; empty after `patience`. */
inline std::optional<std::uint32_t> wait_for_go(control& c, std::uint32_t seen) noexcept
{
    const auto deadline = std::chrono::steady_clock::now() + patience;
    for (;;) {
        const std::uint32_t g = c.go.load(std::memory_order_acquire);
        if (g != seen)
            return g;
        const auto left = deadline - std::chrono::steady_clock::now();
        if (left <= left.zero())
            return std::nullopt;
        sleep_while(c.go, seen, left);
    }
}

/** Starts the next generation (or, after `stop`, the way out). */
inline void signal_go(control& c) noexcept
{
    c.go.fetch_add(1, std::memory_order_acq_rel);
    wake_all(c.go);
}

// ---------------------------------------------------------------------------
// Items. An item carries its index in [0, batch_items); a sentinel ends a
// consumer's batch.

template <class T>
struct items;

template <>
struct items<std::int64_t>
{
    std::int64_t make(std::int64_t index) const noexcept { return index; }
    static std::int64_t sentinel() noexcept { return -1; }
    static bool is_sentinel(std::int64_t v) noexcept { return v < 0; }
    static std::int64_t index_of(std::int64_t v) noexcept { return v; }
};

/** 64-character strings: the index in the first 8 bytes, the rest filler.
    (Longer than the small-string buffer: a string made on the consumer's
    side allocates, as a real 64-character payload would.) */
template <>
struct items<std::string>
{
    static constexpr std::size_t length = 64;

    std::string scratch = std::string(length, 'q');

    const std::string& make(std::int64_t index) noexcept
    {
        std::memcpy(scratch.data(), &index, sizeof index);
        return scratch;
    }
    static std::string sentinel() { return std::string(); }
    static bool is_sentinel(const std::string& v) noexcept { return v.empty(); }
    static std::int64_t index_of(const std::string& v)
    {
        if (v.size() != length)
            throw std::runtime_error("a string item of " + std::to_string(v.size()) + " characters");
        std::int64_t index = 0;
        std::memcpy(&index, v.data(), sizeof index);
        return index;
    }
};

// ---------------------------------------------------------------------------
// The workers' loops. `Endpoint` is a worker's access to the queue, with
// `put(const T&)` and `T get()`.

/** What the workers of one run are. */
struct shape
{
    int producers = 1;
    int consumers = 1;
};

/** Waits for the next batch and records its generation in `seen`; a
    worker status when the worker is to leave instead (stopped, or no start
    signal within `patience`). */
inline std::optional<int> next_batch(control& c, std::uint32_t& seen) noexcept
{
    const std::optional<std::uint32_t> g = wait_for_go(c, seen);
    if (!g)
        return worker_timed_out;
    seen = *g;
    if (c.stop.load(std::memory_order_acquire) != 0)
        return worker_ok;
    return std::nullopt;
}

template <class T, class Endpoint>
int producer_loop(control& c, Endpoint& q, shape s, int k)
{
    items<T> maker;
    const std::int64_t first = batch_items * k / s.producers;
    const std::int64_t last = batch_items * (k + 1) / s.producers;
    std::uint32_t seen = 0;
    for (;;) {
        if (const std::optional<int> end = next_batch(c, seen))
            return *end;
        for (std::int64_t i = first; i < last; ++i)
            q.put(maker.make(i));
        // The last producer of the batch: every item is queued before these.
        if (c.producers_done.fetch_add(1, std::memory_order_acq_rel) + 1 == seen * std::uint32_t(s.producers))
            for (int j = 0; j < s.consumers; ++j)
                q.put(items<T>::sentinel());
    }
}

template <class T, class Endpoint>
int consumer_loop(control& c, Endpoint& q)
{
    std::uint32_t seen = 0;
    for (;;) {
        if (const std::optional<int> end = next_batch(c, seen))
            return *end;
        std::int64_t sum = 0;
        for (;;) {
            const T v = q.get();
            if (items<T>::is_sentinel(v))
                break;
            sum += items<T>::index_of(v);
        }
        c.sum.fetch_add(sum);
        c.finished.fetch_add(1);
        c.events.fetch_add(1);
        wake_all(c.events);
    }
}

// ---------------------------------------------------------------------------
// The coordinator's side of one batch.

/** Runs batch `generation` (1, 2, ...); null on success, else why not.
    `check_workers` is called when a wait slice passes without news and
    returns an error if a worker is gone. */
template <class CheckWorkers>
const char* run_batch(control& c, std::uint32_t generation, shape s, CheckWorkers&& check_workers)
{
    constexpr std::int64_t expected_sum = batch_items * (batch_items - 1) / 2;
    c.sum.store(0);
    signal_go(c);
    const auto deadline = std::chrono::steady_clock::now() + patience;
    for (;;) {
        const std::uint32_t seen = c.events.load();
        if (c.failed.load() != 0)
            return "a worker failed";
        if (c.finished.load() == generation * std::uint32_t(s.consumers))
            break;
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            return "a batch did not finish in time";
        sleep_while(c.events, seen, std::chrono::seconds(1));
        if (c.events.load() == seen)
            if (const char* error = check_workers())
                return error;
    }
    if (c.sum.load() != expected_sum)
        return "the consumers did not get every item exactly once";
    return nullptr;
}

/** The benchmark loop of a run whose workers have been started: an untimed
    warm-up batch, then one batch per iteration. Null on success.

    The benchmarks are registered WITHOUT UseRealTime(), although real time
    is what they measure (the coordinator sleeps while the workers work): in
    Google Benchmark 1.7 UseRealTime() appends "/real_time" to the run name,
    and the RATIO lines of freethreading_bench/ratio.hpp pair names ending in
    "/ours" and "/baseline" (its figures are real time in any case). The
    iteration count of a run therefore grows until the run's real time passes
    5 x min_time (Google Benchmark's limit for CPU-timed runs whose real time
    greatly exceeds their CPU time), and the rate is reported as the counter
    "items/s" computed here on real time (SetItemsProcessed would divide by
    the coordinator's CPU time). */
template <class CheckWorkers>
const char* run_batches(benchmark::State& state, control& c, shape s, CheckWorkers&& check_workers)
{
    std::uint32_t generation = 0;
    const char* error = run_batch(c, ++generation, s, check_workers);
    if (error != nullptr)
        return error;
    const auto start = std::chrono::steady_clock::now();
    for (auto _ : state) {
        error = run_batch(c, ++generation, s, check_workers);
        if (error != nullptr)
            break;
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    if (error == nullptr && elapsed.count() > 0)
        state.counters["items/s"] =
            benchmark::Counter(static_cast<double>(state.iterations()) * batch_items / elapsed.count());
    return error;
}

/** Tells the workers to leave (after the last batch, or after a failure). */
inline void stop_workers(control& c) noexcept
{
    c.stop.store(1, std::memory_order_release);
    signal_go(c);
}

} // namespace queue_bench

#endif // FREETHREADING_QUEUE_BENCH_BATCH_HARNESS_HPP
