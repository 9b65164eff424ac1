//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Queue throughput between processes (DESIGN §10), against
// boost::interprocess::message_queue holding 1024 messages:
//
//   queue.spsc_int64_multiprocessing_vs_bip_message_queue
//       multiprocessing::queue<std::int64_t> (maxsize 1024) against a
//       message_queue of 8-byte messages; 1 producer, 1 consumer process
//   queue.spsc_string64_multiprocessing_vs_bip_message_queue
//       multiprocessing::queue<std::string> (maxsize 1024) of 64-character
//       strings against a message_queue of 64-byte messages. On both sides
//       the producer sends a std::string's characters and the consumer ends
//       up with a std::string of its own (for the baseline: received into a
//       buffer, then constructed from it), which is the whole work a user of
//       either has to do
//   queue.mpmc_int64_multiprocessing_vs_bip_message_queue
//       as the first, with 2 producer and 2 consumer processes
//
// For information only (no RATIO line): the SPSC int64 case with an
// unbounded multiprocessing::queue.
//
// Every worker is a process forked once per benchmark run (see
// batch_harness.hpp for the batch protocol: an iteration's real time runs
// from the start signal to the last item received, and is divided into
// batch_items items). The multiprocessing::queue is made before the fork and
// inherited, as the library intends (DESIGN §6). The message_queue is made by
// the benchmark's process under a unique name and opened by name
// (`open_only`) in every worker; its name is removed at the end of the run,
// on every path, so nothing is left in /dev/shm. Every worker is reaped, and
// dies with the benchmark's process (PR_SET_PDEATHSIG) if that is killed.
//
// Nothing is pinned: producers and consumers run in parallel on the
// machine's CPUs, as a throughput benchmark must. The figures therefore
// depend on the rest of the machine's load (with 2 CPUs the MPMC case
// already has 4 busy processes, and any other load makes one side wait to be
// scheduled); the repetitions are interleaved so that such load falls on
// both sides of a ratio alike, and the medians are compared.

#include <freethreading/queue/queue.hpp>

#include <freethreading_bench/ratio.hpp>

#include "batch_harness.hpp"

#include <boost/interprocess/ipc/message_queue.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace queue_bench;
namespace bip = boost::interprocess;

// ---------------------------------------------------------------------------
// Ours. `shared` is made before the fork; `endpoint` in each worker.

template <class T, std::ptrdiff_t Maxsize>
struct ours
{
    using item = T;

    struct shared
    {
        std::optional<freethreading::multiprocessing::queue<T>> queue{std::in_place, Maxsize};

        /** In a worker, before it ends: drop its reference to the queue. */
        void leave() noexcept { queue.reset(); }
    };

    class endpoint
    {
    public:
        explicit endpoint(shared& s) : queue_(*s.queue) {}
        void put(const T& v) { queue_.put(v); }
        T get() { return queue_.get(); }

    private:
        freethreading::multiprocessing::queue<T>& queue_;
    };
};

// ---------------------------------------------------------------------------
// The baseline: boost::interprocess::message_queue, 1024 messages of the
// item's size, every message at priority 0 (so FIFO).

template <class T>
struct message_size;
template <>
struct message_size<std::int64_t>
{
    static constexpr std::size_t value = sizeof(std::int64_t);
};
template <>
struct message_size<std::string>
{
    static constexpr std::size_t value = items<std::string>::length;
};

template <class T>
struct message_queue
{
    using item = T;
    static constexpr std::size_t capacity = 1024;

    struct shared
    {
        shared() : name(unique_name()), creator(::getpid())
        {
            queue.emplace(bip::create_only, name.c_str(), capacity, message_size<T>::value);
        }
        shared(const shared&) = delete;
        shared& operator=(const shared&) = delete;
        ~shared()
        {
            queue.reset();
            if (::getpid() == creator)
                bip::message_queue::remove(name.c_str());
        }

        /** A worker opens the queue by name; its copy of ours is unused. */
        void leave() noexcept {}

        static std::string unique_name()
        {
            static std::atomic<unsigned> counter{0};
            return "freethreading_bench_queue_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
        }

        std::string name;
        pid_t creator;
        std::optional<bip::message_queue> queue;
    };

    class endpoint
    {
    public:
        explicit endpoint(shared& s) : queue_(bip::open_only, s.name.c_str()) {}

        void put(std::int64_t v) requires std::same_as<T, std::int64_t> { queue_.send(&v, sizeof v, 0); }
        void put(const std::string& v) requires std::same_as<T, std::string> { queue_.send(v.data(), v.size(), 0); }

        T get()
        {
            bip::message_queue::size_type received = 0;
            unsigned priority = 0;
            if constexpr (std::same_as<T, std::int64_t>) {
                std::int64_t v = 0;
                queue_.receive(&v, sizeof v, received, priority);
                if (received != sizeof v)
                    throw std::runtime_error("a message of " + std::to_string(received) + " bytes");
                return v;
            } else {
                char buffer[message_size<T>::value];
                queue_.receive(buffer, sizeof buffer, received, priority);
                return std::string(buffer, received);
            }
        }

    private:
        bip::message_queue queue_;
    };
};

// ---------------------------------------------------------------------------
// The processes.

/** The body of a forked worker; never returns. */
template <class Kind>
[[noreturn]] void run_worker(control& c, typename Kind::shared& s, shape sh, int k, pid_t parent) noexcept
{
    // Die with the benchmark's process, even if it died before this line.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent)
        ::_exit(worker_threw);
    int status = worker_threw;
    try {
        {
            typename Kind::endpoint q(s);
            status = k < sh.producers ? producer_loop<typename Kind::item>(c, q, sh, k)
                                      : consumer_loop<typename Kind::item>(c, q);
        }
        s.leave();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "queue bench worker %d (pid %d) threw: %s\n", k, int(::getpid()), e.what());
    } catch (...) {
    }
    if (status != worker_ok)
        report_failure(c, status);
    ::_exit(status);
}

/** The forked workers of one run. */
class worker_processes
{
public:
    worker_processes() = default;
    worker_processes(const worker_processes&) = delete;
    worker_processes& operator=(const worker_processes&) = delete;
    ~worker_processes() { kill_and_reap(); }

    void add(pid_t pid) { pids_.push_back(pid); }

    /** An error if a worker has ended (without reaping it). */
    const char* check() const noexcept
    {
        for (const pid_t pid : pids_) {
            ::siginfo_t info{};
            if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
                info.si_pid == pid)
                return "a worker process ended during a batch";
        }
        return nullptr;
    }

    /** Reaps every worker, waiting up to `patience` in all; a worker still
        there then is killed. True if each one exited with worker_ok. */
    bool reap() noexcept
    {
        bool all_ok = true;
        const auto deadline = std::chrono::steady_clock::now() + patience;
        for (const pid_t pid : pids_) {
            int status = 0;
            pid_t r = 0;
            while ((r = ::waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            if (r == 0) {
                ::kill(pid, SIGKILL);
                while ((r = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
                }
                all_ok = false;
            }
            if (r != pid || !WIFEXITED(status) || WEXITSTATUS(status) != worker_ok)
                all_ok = false;
        }
        pids_.clear();
        return all_ok;
    }

    /** Kills and reaps every worker (after a failure). */
    void kill_and_reap() noexcept
    {
        for (const pid_t pid : pids_)
            ::kill(pid, SIGKILL);
        for (const pid_t pid : pids_) {
            int status = 0;
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
        pids_.clear();
    }

private:
    std::vector<pid_t> pids_;
};

/** One benchmark run: makes the queue, forks the workers, runs the batches,
    stops and reaps the workers, destroys the queue. */
template <class Kind>
void processes_benchmark(benchmark::State& state, shape sh)
{
    try {
        control_page page;
        control& c = page.get();
        typename Kind::shared s;
        worker_processes workers;
        const pid_t parent = ::getpid();

        const char* error = nullptr;
        std::fflush(nullptr); // nothing buffered is written twice
        for (int k = 0; k < sh.producers + sh.consumers && error == nullptr; ++k) {
            const pid_t pid = ::fork();
            if (pid < 0)
                error = "fork failed";
            else if (pid == 0)
                run_worker<Kind>(c, s, sh, k, parent);
            else
                workers.add(pid);
        }
        if (error == nullptr)
            error = run_batches(state, c, sh, [&] { return workers.check(); });

        stop_workers(c);
        if (error != nullptr)
            workers.kill_and_reap();
        else if (!workers.reap())
            error = "a worker process failed";
        if (error != nullptr)
            state.SkipWithError(error);
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
    }
}

template <class Kind>
void add(const char* name, shape sh, const char* label)
{
    benchmark::RegisterBenchmark(name, [sh, label](benchmark::State& state) {
        state.SetLabel(label);
        processes_benchmark<Kind>(state, sh);
    })->Unit(benchmark::kMicrosecond);
}

void register_benchmarks()
{
    constexpr shape spsc{1, 1};
    constexpr shape mpmc{2, 2};

    add<ours<std::int64_t, 1024>>("queue.spsc_int64_multiprocessing_vs_bip_message_queue/ours", spsc,
                                  "multiprocessing::queue, maxsize 1024");
    add<message_queue<std::int64_t>>("queue.spsc_int64_multiprocessing_vs_bip_message_queue/baseline", spsc,
                                     "message_queue, 1024 x 8 bytes");

    add<ours<std::string, 1024>>("queue.spsc_string64_multiprocessing_vs_bip_message_queue/ours", spsc,
                                 "multiprocessing::queue, maxsize 1024");
    add<message_queue<std::string>>("queue.spsc_string64_multiprocessing_vs_bip_message_queue/baseline", spsc,
                                    "message_queue, 1024 x 64 bytes");

    add<ours<std::int64_t, 1024>>("queue.mpmc_int64_multiprocessing_vs_bip_message_queue/ours", mpmc,
                                  "multiprocessing::queue, maxsize 1024, 2+2 processes");
    add<message_queue<std::int64_t>>("queue.mpmc_int64_multiprocessing_vs_bip_message_queue/baseline", mpmc,
                                     "message_queue, 1024 x 8 bytes, 2+2 processes");

    add<ours<std::int64_t, 0>>("queue.info.spsc_int64_multiprocessing_unbounded", spsc,
                               "multiprocessing::queue, unbounded");
}

} // namespace

int main(int argc, char** argv)
{
    register_benchmarks();
    // An iteration takes milliseconds and depends on the scheduler: more
    // repetitions than the minimum keep the medians stable on a noisy machine.
    return freethreading_bench::run_main(argc, argv, {.repetitions = 9, .min_time = 0.1});
}
