//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// core.robust_lock_vs_pthread_robust: one uncontended lock+unlock pair of
// a robust_word in the shared segment against a robust, process-shared
// pthread mutex in a shared page (DESIGN §6, option (b) against (a)).

#include <freethreading/core/ipc/robust_word.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_bench/ratio.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <thread>

#include <pthread.h>
#include <sys/mman.h>

namespace ftd = freethreading::detail;

namespace {

// Create (and join) one thread before anything is measured: glibc takes
// single-threaded shortcuts in a process that never made a thread, and the
// library's users are multi-threaded, so both sides are measured in
// multi-threaded mode (notes §7).
[[maybe_unused]] const bool went_multi_threaded = [] {
    std::thread([] {}).join();
    return true;
}();

void ours(benchmark::State& state)
{
    auto& lock = *ftd::shared_segment::instance().construct<ftd::robust_word>();
    ftd::robust_word::caller_id(); // claim the liveness slot outside the loop
    for (auto _ : state) {
        benchmark::DoNotOptimize(lock.lock());
        lock.unlock();
    }
    ftd::shared_segment::instance().destroy(&lock);
}

void baseline(benchmark::State& state)
{
    void* page = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        state.SkipWithError("mmap failed");
        return;
    }
    auto* mutex = static_cast<::pthread_mutex_t*>(page);
    ::pthread_mutexattr_t attr;
    ::pthread_mutexattr_init(&attr);
    ::pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    ::pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    ::pthread_mutex_init(mutex, &attr);
    ::pthread_mutexattr_destroy(&attr);
    for (auto _ : state) {
        benchmark::DoNotOptimize(::pthread_mutex_lock(mutex));
        ::pthread_mutex_unlock(mutex);
    }
    ::pthread_mutex_destroy(mutex);
    ::munmap(page, 4096);
}

} // namespace

BENCHMARK(ours)->Name("core.robust_lock_vs_pthread_robust/ours");
BENCHMARK(baseline)->Name("core.robust_lock_vs_pthread_robust/baseline");

FREETHREADING_BENCH_MAIN()
