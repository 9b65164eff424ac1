//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Uncontended lock + unlock in one thread, threading backend (DESIGN §10):
//
//   sync.lock_threading_vs_std_mutex   threading::lock   against std::mutex
//   sync.lock_facade_vs_threading      facade lock       against threading::lock
//
// The facade resolves its backend once per process, so this program fixes the
// threading backend before anything is made; the multiprocessing spellings
// are measured by bench_sync_lock_multiprocessing.

#include <freethreading/core/backend.hpp>
#include <freethreading/sync/lock.hpp>

#include <freethreading_bench/ratio.hpp>

#include <mutex>
#include <thread>

namespace {

template <class Lock>
void lock_unlock(benchmark::State& state)
{
    Lock m;
    for (auto _ : state) {
        m.lock();
        m.unlock();
    }
}

} // namespace

BENCHMARK(lock_unlock<freethreading::threading::lock>)->Name("sync.lock_threading_vs_std_mutex/ours");
BENCHMARK(lock_unlock<std::mutex>)->Name("sync.lock_threading_vs_std_mutex/baseline");

BENCHMARK(lock_unlock<freethreading::lock>)->Name("sync.lock_facade_vs_threading/ours");
BENCHMARK(lock_unlock<freethreading::threading::lock>)->Name("sync.lock_facade_vs_threading/baseline");

int main(int argc, char** argv)
{
    freethreading::set_backend(freethreading::backend::threading);
    // glibc runs std::mutex (pthread_mutex_lock/unlock) without atomic
    // instructions in a process that has never created a thread. No real user
    // of a lock is in that state, so make one thread (and join it) before
    // measuring: the baseline then pays for its atomics as ours does.
    std::thread([] {}).join();
    return freethreading_bench::run_main(argc, argv);
}
