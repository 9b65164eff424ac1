//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Uncontended acquire + release in one thread (DESIGN §10):
//
//   sync.semaphore_threading_vs_std_counting_semaphore
//       threading::semaphore against std::counting_semaphore<>
//
// The compared pair starts at a count of 2, so acquire takes it to 1 and
// release brings it back to 2: both sides stay on their fast paths.
//
// Starting at 1 (a semaphore used as a lock) is measured as well, without a
// RATIO line: there libstdc++ 12's release makes a FUTEX_WAKE system call
// every time the count leaves 0, waiters or not (`__atomic_semaphore::
// _M_release` calls `__atomic_notify_address_bare`, which does not look for
// waiters), so that baseline measures a system call rather than a fast path.

#include <freethreading/sync/semaphore.hpp>

#include <freethreading_bench/ratio.hpp>

#include <cstddef>
#include <semaphore>
#include <thread>

namespace {

template <class Semaphore, std::ptrdiff_t Initial>
void acquire_release(benchmark::State& state)
{
    Semaphore s(Initial);
    for (auto _ : state) {
        s.acquire();
        s.release();
    }
}

using ours = freethreading::threading::semaphore;
using standard = std::counting_semaphore<>;

} // namespace

BENCHMARK(acquire_release<ours, 2>)->Name("sync.semaphore_threading_vs_std_counting_semaphore/ours");
BENCHMARK(acquire_release<standard, 2>)->Name("sync.semaphore_threading_vs_std_counting_semaphore/baseline");

// For information only (no RATIO line): from a count of 1.
BENCHMARK(acquire_release<ours, 1>)->Name("sync.semaphore_from_1/threading");
BENCHMARK(acquire_release<standard, 1>)->Name("sync.semaphore_from_1/std_counting_semaphore");

int main(int argc, char** argv)
{
    // As for the locks: measure in a process that has made a thread, as every
    // real user of a semaphore has.
    std::thread([] {}).join();
    return freethreading_bench::run_main(argc, argv);
}
