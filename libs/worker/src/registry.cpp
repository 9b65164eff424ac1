//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The per-process registry of started workers, and the exit behaviour of
// DESIGN §4.3.

#include <freethreading/worker/detail/registry.hpp>

#include <freethreading/core/ipc/fork_hooks.hpp>

#include <cstddef>
#include <cstdlib>
#include <mutex>
#include <new>

namespace freethreading::detail {

namespace {

struct registry
{
    std::mutex& mutex = make_fork_guard();
    std::vector<std::shared_ptr<worker_core>> workers;
};

// Never destroyed: daemon threads may use it while the program exits.
registry& the_registry()
{
    static registry* r = new registry;
    return *r;
}

worker_core* process_self = nullptr;

// The parent's workers as a forked child inherited them: kept reachable (a
// leak checker would report them otherwise) and never destroyed, since their
// cores belong to the parent's threads. Moved into static storage, not onto
// the heap: this hook runs in every child, and an allocation there costs it
// the copy-on-write faults of the allocator's pages. Volatile: the compiler
// would drop a store to a variable nothing reads.
using worker_list = std::vector<std::shared_ptr<worker_core>>;
alignas(worker_list) std::byte inherited_storage[sizeof(worker_list)];
worker_list* volatile inherited_workers = nullptr;

// In a forked child the parent's workers are not its children: forget them.
const bool hooks = register_fork_hooks([] { the_registry().mutex.lock(); },
                                       [] { the_registry().mutex.unlock(); },
                                       [] {
                                           registry& r = the_registry();
                                           if (!r.workers.empty()) {
                                               inherited_workers =
                                                   ::new (inherited_storage) worker_list(std::move(r.workers));
                                               r.workers.clear();
                                           }
                                           reset_fork_guard(r.mutex);
                                       });

// At exit (DESIGN §4.3) each live worker ends as its end_at_exit() says:
// non-daemon processes are joined, daemon ones terminated, then reaped;
// daemon threads are left running, as in Python.
void end_workers_at_exit() noexcept
{
    try {
        for (const auto& w : registered_workers())
            w->end_at_exit();
    } catch (...) {
    }
}

} // namespace

void register_worker(std::shared_ptr<worker_core> w)
{
    (void)hooks;
    // Not std::call_once: it writes thread-local state on every call.
    static const bool at_exit = std::atexit(end_workers_at_exit) == 0;
    (void)at_exit;
    registry& r = the_registry();
    std::lock_guard<std::mutex> guard(r.mutex);
    std::erase_if(r.workers, [](const std::shared_ptr<worker_core>& x) { return !x->is_alive(); });
    r.workers.push_back(std::move(w));
}

void unregister_worker(const worker_core* w) noexcept
{
    registry& r = the_registry();
    std::lock_guard<std::mutex> guard(r.mutex);
    std::erase_if(r.workers, [w](const std::shared_ptr<worker_core>& x) { return x.get() == w; });
}

std::vector<std::shared_ptr<worker_core>> registered_workers()
{
    registry& r = the_registry();
    std::vector<std::shared_ptr<worker_core>> copy;
    {
        std::lock_guard<std::mutex> guard(r.mutex);
        copy = r.workers;
    }
    std::erase_if(copy, [](const std::shared_ptr<worker_core>& x) { return !x->is_alive(); });
    return copy;
}

void set_process_identity(worker_core* self) noexcept
{
    process_self = self;
}

worker_core* process_identity() noexcept
{
    return process_self;
}

} // namespace freethreading::detail
