//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Queue throughput between two threads of one process (DESIGN §10):
//
//   queue.spsc_int64_threading_vs_mutex_condvar
//       ours:     threading::queue<std::int64_t>, bounded (maxsize 1024)
//       baseline: a hand-written ring of 1024 std::int64_t slots guarded by a
//                 std::mutex, with one std::condition_variable for "not
//                 empty" and one for "not full" (notified after unlocking,
//                 and only ever one waiter each)
//
// One producer thread and one consumer thread, both started once per
// benchmark run; an iteration moves a batch of batch_items items (see
// batch_harness.hpp: real time from the start signal to the last item
// received). The figure is time per item.
//
// For information only (no RATIO line), the same with an unbounded
// threading::queue: the producer never waits for room.
//
// Nothing is pinned: the producer and the consumer run in parallel on two
// CPUs, as a throughput benchmark must. The figures therefore depend on the
// rest of the machine's load (a busy CPU makes one side wait for the other
// to be scheduled); the repetitions are interleaved so that such load falls
// on both sides of the ratio alike, and the medians are compared.

#include <freethreading/queue/queue.hpp>

#include <freethreading_bench/ratio.hpp>

#include "batch_harness.hpp"

#include <array>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using namespace queue_bench;

/** The baseline: a bounded FIFO of 1024 int64_t, mutex + 2 condvars. */
class mutex_condvar_ring
{
public:
    static constexpr std::size_t capacity = 1024;

    void put(std::int64_t v)
    {
        {
            std::unique_lock<std::mutex> hold(mutex_);
            not_full_.wait(hold, [this] { return count_ < capacity; });
            slots_[(head_ + count_) % capacity] = v;
            ++count_;
        }
        not_empty_.notify_one();
    }

    std::int64_t get()
    {
        std::int64_t v;
        {
            std::unique_lock<std::mutex> hold(mutex_);
            not_empty_.wait(hold, [this] { return count_ != 0; });
            v = slots_[head_];
            head_ = (head_ + 1) % capacity;
            --count_;
        }
        not_full_.notify_one();
        return v;
    }

private:
    std::mutex mutex_;
    std::condition_variable not_empty_;
    std::condition_variable not_full_;
    std::size_t head_ = 0;
    std::size_t count_ = 0;
    std::array<std::int64_t, capacity> slots_{};
};

/** Ours, with the maxsize given to the constructor (0: unbounded). */
template <std::ptrdiff_t Maxsize>
class ours_queue
{
public:
    void put(std::int64_t v) { queue_.put(v); }
    std::int64_t get() { return queue_.get(); }

private:
    freethreading::threading::queue<std::int64_t> queue_{Maxsize};
};

/** Runs one benchmark run: starts the workers, runs the batches, stops and
    joins the workers. */
template <class Queue>
void threads_benchmark(benchmark::State& state, shape s)
{
    try {
        control_page page;
        control& c = page.get();
        Queue queue;

        const int workers = s.producers + s.consumers;
        std::vector<std::thread> threads;
        const auto work = [&](int k) {
            int status = worker_threw;
            try {
                status = k < s.producers ? producer_loop<std::int64_t>(c, queue, s, k)
                                         : consumer_loop<std::int64_t>(c, queue);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "queue bench worker %d threw: %s\n", k, e.what());
            }
            if (status != worker_ok)
                report_failure(c, status);
            c.exited.fetch_add(1);
            c.events.fetch_add(1);
            wake_all(c.events);
        };
        for (int k = 0; k < workers; ++k)
            threads.emplace_back(work, k);

        const char* error = run_batches(state, c, s, [] { return static_cast<const char*>(nullptr); });

        // A thread cannot be killed: if the workers do not leave in time (one
        // is stuck in a queue operation after a failure), end the program.
        stop_workers(c);
        const auto deadline = std::chrono::steady_clock::now() + patience;
        for (;;) {
            const std::uint32_t seen = c.events.load();
            if (c.exited.load() == std::uint32_t(workers))
                break;
            const auto left = deadline - std::chrono::steady_clock::now();
            if (left <= left.zero()) {
                std::fprintf(stderr, "queue bench: %s; the worker threads did not stop, giving up\n",
                             error != nullptr ? error : "the worker threads did not stop");
                std::fflush(nullptr);
                std::_Exit(1);
            }
            sleep_while(c.events, seen, left);
        }
        for (std::thread& t : threads)
            t.join();
        if (error != nullptr)
            state.SkipWithError(error);
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
}

void register_benchmarks()
{
    const auto add = [](const char* name, void (*run)(benchmark::State&, shape), const char* label) {
        benchmark::RegisterBenchmark(name, [run, label](benchmark::State& state) {
            state.SetLabel(label);
            run(state, shape{1, 1});
        })->Unit(benchmark::kMicrosecond);
    };
    add("queue.spsc_int64_threading_vs_mutex_condvar/ours", threads_benchmark<ours_queue<1024>>,
        "threading::queue, maxsize 1024");
    add("queue.spsc_int64_threading_vs_mutex_condvar/baseline", threads_benchmark<mutex_condvar_ring>,
        "mutex + 2 condvars, 1024 slots");
    add("queue.info.spsc_int64_threading_unbounded", threads_benchmark<ours_queue<0>>,
        "threading::queue, unbounded");
}

} // namespace

int main(int argc, char** argv)
{
    register_benchmarks();
    // An iteration takes milliseconds and depends on the scheduler: more
    // repetitions than the minimum keep the medians stable on a noisy machine.
    return freethreading_bench::run_main(argc, argv, {.repetitions = 9, .min_time = 0.1});
}
