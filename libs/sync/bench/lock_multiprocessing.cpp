//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Uncontended lock + unlock in one thread, multiprocessing backend (DESIGN §10):
//
//   sync.lock_multiprocessing_vs_pthread_robust  multiprocessing::lock against a
//       PTHREAD_PROCESS_SHARED + PTHREAD_MUTEX_ROBUST pthread_mutex_t in a
//       mmap(MAP_SHARED | MAP_ANONYMOUS) page (what boost::interprocess uses)
//   sync.lock_facade_vs_multiprocessing          facade lock against multiprocessing::lock
//
// The facade resolves its backend once per process, so this program fixes the
// multiprocessing backend before anything is made.

#include <freethreading/core/backend.hpp>
#include <freethreading/sync/lock.hpp>

#include <freethreading_bench/ratio.hpp>

#include <cerrno>
#include <thread>

#include <pthread.h>
#include <sys/mman.h>

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

/** The hand-written robust process-shared lock: a pthread mutex in a page
    that forked children would share. */
void pthread_robust_lock_unlock(benchmark::State& state)
{
    void* page = ::mmap(nullptr, sizeof(::pthread_mutex_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                        -1, 0);
    if (page == MAP_FAILED) {
        state.SkipWithError("mmap failed");
        return;
    }
    auto* m = static_cast<::pthread_mutex_t*>(page);
    ::pthread_mutexattr_t attr;
    ::pthread_mutexattr_init(&attr);
    ::pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    ::pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    ::pthread_mutex_init(m, &attr);
    ::pthread_mutexattr_destroy(&attr);
    for (auto _ : state) {
        // A robust lock's user must handle a dead owner, as ours does.
        if (::pthread_mutex_lock(m) == EOWNERDEAD) [[unlikely]]
            ::pthread_mutex_consistent(m);
        ::pthread_mutex_unlock(m);
    }
    ::pthread_mutex_destroy(m);
    ::munmap(page, sizeof(::pthread_mutex_t));
}

} // namespace

BENCHMARK(lock_unlock<freethreading::multiprocessing::lock>)->Name("sync.lock_multiprocessing_vs_pthread_robust/ours");
BENCHMARK(pthread_robust_lock_unlock)->Name("sync.lock_multiprocessing_vs_pthread_robust/baseline");

BENCHMARK(lock_unlock<freethreading::lock>)->Name("sync.lock_facade_vs_multiprocessing/ours");
BENCHMARK(lock_unlock<freethreading::multiprocessing::lock>)->Name("sync.lock_facade_vs_multiprocessing/baseline");

int main(int argc, char** argv)
{
    freethreading::set_backend(freethreading::backend::multiprocessing);
    // glibc runs some mutex paths without atomic instructions in a process
    // that has never created a thread. No real user of a lock is in that
    // state, so make one thread (and join it) before measuring.
    std::thread([] {}).join();
    return freethreading_bench::run_main(argc, argv);
}
