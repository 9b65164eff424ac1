//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A process pool's supervisor thread (DESIGN §6 "Pools"): it sleeps in one
// poll() on the workers' pidfds, the zygote's pidfd and its own eventfd,
// reports each death to the completion thread (which fails exactly the
// futures the dead worker held), launches the replacements the completion
// thread asks for, and kills a worker whose task ran past task_timeout. It
// never touches a task on its way: it is not on the task path.

#include "process_engine_state.hpp"

#include <freethreading/worker/detail/worker_core.hpp>

#include <freethreading/core/ipc/chunk_arena.hpp>
#include <freethreading/core/ipc/process_spawner.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <poll.h>
#include <pthread.h>
#include <span>
#include <string>
#include <sys/syscall.h>
#include <unistd.h>
#include <vector>

namespace freethreading::detail {

namespace {

std::int64_t now_ns() noexcept
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

process_engine_state::prepared_worker process_engine_state::prepare_worker(std::uint32_t index,
                                                                          child_launcher& launcher)
{
    process_worker_start argument;
    argument.control = control_;
    argument.index = index;
    argument.executor = flavour == pool_flavour::executor;
    const std::string name = (argument.executor ? "ForkProcess-" : "ForkPoolWorker-") +
                             std::to_string(next_process_number());
    std::strncpy(argument.name, name.c_str(), sizeof argument.name - 1);

    void* block = segment_.allocate(arena_bytes_, 64);
    chunk_arena* arena = chunk_arena::create_in(block, arena_bytes_);
    process_worker_record& record = control_->records[index];
    record.init_state.store(0, std::memory_order_relaxed);
    record.init_error[0] = '\0';
    record.arena = arena;
    record.part_max = part_bytes_;
    prepared_worker p{nullptr, block};
    try {
        if (arena == nullptr)
            throw std::logic_error("freethreading: a worker's sub-arena could not be placed");
        p.worker = std::make_shared<process_pool_worker>(launcher, argument);
    } catch (...) {
        unprepare(index, p);
        throw;
    }
    return p;
}

void process_engine_state::unprepare(std::uint32_t index, prepared_worker& p) noexcept
{
    segment_.deallocate(p.block, arena_bytes_);
    control_->records[index].arena = nullptr;
    p = prepared_worker{};
}

void process_engine_state::enlist(std::uint32_t index, const prepared_worker& p)
{
    const std::shared_ptr<process_pool_worker>& worker = p.worker;
    int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, worker->child().pid(), 0));
    // The pidfd is the worker's if it is still alive after the pidfd was
    // opened: its pid is not reused before the zygote publishes its status.
    const bool alive = pidfd >= 0 && worker->child().is_alive();
    if (!alive && pidfd >= 0) {
        ::close(pidfd);
        pidfd = -1;
    }
    bool kill = false;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        process_worker_entry& w = workers_[index];
        w.worker = worker;
        w.pidfd = pidfd;
        w.arena_block = p.block;
        w.arena_bytes = arena_bytes_;
        w.killed_for_timeout = false;
        w.state = process_worker_entry::status::alive;
        kill = terminating_ || broken_;
    }
    if (kill)
        worker->send_signal(SIGKILL);
    if (!alive)
        worker_ended(index);
}

void process_engine_state::launch_workers(std::span<const std::uint32_t> indices, child_launcher& launcher)
{
    std::vector<prepared_worker> prepared;
    std::vector<child_launcher::launch_item> items;
    prepared.reserve(indices.size());
    items.reserve(indices.size());
    try {
        for (const std::uint32_t i : indices) {
            prepared.push_back(prepare_worker(i, launcher));
            prepared.back().worker->start(); // registers only: forked below
            items.push_back(prepared.back().worker->item());
        }
        launcher.launch_all(program_of<&process_worker_main>(), items);
    } catch (...) {
        // The forked ones are enlisted (the caller ends them), the others undone.
        for (std::size_t k = 0; k < prepared.size(); ++k) {
            prepared_worker& p = prepared[k];
            if (p.worker->child().started()) {
                p.worker->launched();
                enlist(indices[k], p);
            } else {
                if (p.worker->started())
                    p.worker->abandon();
                unprepare(indices[k], p);
            }
        }
        throw;
    }
    for (std::size_t k = 0; k < prepared.size(); ++k) {
        prepared[k].worker->launched();
        enlist(indices[k], prepared[k]);
    }
}

void process_engine_state::launch_all(bool here)
{
    // On the main thread, before the pool's threads exist, this process
    // forks the first workers itself: they see its memory as of the pool's
    // construction, as the zygote does, and no round trip to the zygote is
    // waited for (doc/design-notes.md, "A pool's first workers"). Elsewhere
    // the zygote forks them, up to zygote_launcher::max_batch per request.
    std::vector<std::uint32_t> all(worker_count);
    std::iota(all.begin(), all.end(), 0u);
    {
        std::lock_guard<std::mutex> guard(mutex_);
        for (process_worker_entry& w : workers_)
            w.state = process_worker_entry::status::launching;
    }
    launch_workers(all, here ? static_cast<child_launcher&>(spawner_launcher::instance()) : *zygote_);
}

void process_engine_state::worker_ended(std::uint32_t index) noexcept
{
    std::shared_ptr<process_pool_worker> worker;
    int pidfd = -1;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        worker = workers_[index].worker;
        pidfd = std::exchange(workers_[index].pidfd, -1);
    }
    if (pidfd >= 0)
        ::close(pidfd);
    int code = -SIGKILL;
    try {
        worker->child().join(); // its zygote publishes the status at once
        code = worker->exitcode().value_or(-SIGKILL);
    } catch (...) {
    }
    {
        std::lock_guard<std::mutex> guard(mutex_);
        workers_[index].exit_code = code;
        workers_[index].state = process_worker_entry::status::dead;
    }
    wake_completion();
}

std::optional<steady_time> process_engine_state::enforce_timeouts()
{
    const std::int64_t timeout = options.task_timeout.count();
    if (timeout == 0)
        return std::nullopt;
    const std::int64_t now = now_ns();
    // A task that starts after this scan has its deadline no sooner than
    // now + timeout, so looking again then misses nobody.
    std::int64_t next = now + timeout;
    for (std::size_t s = 0; s < slot_count; ++s) {
        process_slot& slot = slots_[s];
        std::uint64_t state = slot.state.load(std::memory_order_acquire);
        const task_slot_phase phase = slot_phase_of(state);
        if (phase != task_slot_phase::running && phase != task_slot_phase::part_ready)
            continue;
        const std::int64_t started = slot.started_ns.load(std::memory_order_acquire);
        if (started == 0) { // claimed this instant: its start is about to be written
            next = std::min(next, now + 1000000);
            continue;
        }
        if (started + timeout > now) {
            next = std::min(next, started + timeout);
            continue;
        }
        const std::uint32_t w = slot_worker_of(state);
        // The worker cannot publish the result any more; then it dies.
        if (!slot.state.compare_exchange_strong(
                state, slot_state_word(task_slot_phase::timing_out, w, slot_tag_of(state)), std::memory_order_acq_rel))
            continue;
        std::lock_guard<std::mutex> guard(mutex_);
        process_worker_entry& entry = workers_[w];
        entry.killed_for_timeout = true;
        if (entry.state == process_worker_entry::status::alive)
            entry.worker->send_signal(SIGKILL);
    }
    return steady_time(std::chrono::nanoseconds(next));
}

void process_engine_state::supervise() noexcept
{
    ::pthread_setname_np(::pthread_self(), "ft-pool-watch");
    constexpr std::uint32_t bell = UINT32_MAX;
    constexpr std::uint32_t zygote = UINT32_MAX - 1;
    std::vector<pollfd> fds;
    std::vector<std::uint32_t> whose;
    std::vector<std::uint32_t> to_launch;
    for (;;) {
        fds.clear();
        whose.clear();
        to_launch.clear();
        {
            std::lock_guard<std::mutex> guard(mutex_);
            if (stopping_.load())
                return;
            for (std::uint32_t i = 0; i < worker_count; ++i) {
                process_worker_entry& w = workers_[i];
                if (w.state == process_worker_entry::status::wanted) {
                    w.state = process_worker_entry::status::launching;
                    to_launch.push_back(i);
                } else if (w.state == process_worker_entry::status::alive && w.pidfd >= 0) {
                    fds.push_back({w.pidfd, POLLIN, 0});
                    whose.push_back(i);
                }
            }
            if (!zygote_ended_) {
                fds.push_back({zygote_pidfd_, POLLIN, 0});
                whose.push_back(zygote);
            }
            fds.push_back({supervisor_bell_, POLLIN, 0});
            whose.push_back(bell);
        }
        if (!to_launch.empty()) {
            for (const std::uint32_t i : to_launch) {
                try {
                    launch_workers(std::span<const std::uint32_t>(&i, 1), *zygote_); // a replacement
                } catch (const std::exception& e) {
                    std::lock_guard<std::mutex> guard(mutex_);
                    workers_[i].state = process_worker_entry::status::absent;
                    if (launch_error_.empty())
                        launch_error_ = std::string("freethreading: a pool worker could not be replaced: ") + e.what();
                } catch (...) {
                    std::lock_guard<std::mutex> guard(mutex_);
                    workers_[i].state = process_worker_entry::status::absent;
                    if (launch_error_.empty())
                        launch_error_ = "freethreading: a pool worker could not be replaced";
                }
                wake_completion();
            }
            continue; // watch the new ones too
        }
        int timeout_ms = -1;
        try {
            if (const std::optional<steady_time> next = enforce_timeouts()) {
                const auto left = std::chrono::ceil<std::chrono::milliseconds>(*next - std::chrono::steady_clock::now());
                timeout_ms = static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, INT_MAX));
            }
        } catch (...) {
            timeout_ms = 1; // look again soon
        }
        const int n = ::poll(fds.data(), fds.size(), timeout_ms);
        if (n <= 0)
            continue; // EINTR or the next timeout check
        for (std::size_t k = 0; k < fds.size(); ++k) {
            if (fds[k].revents == 0)
                continue;
            if (whose[k] == bell) {
                std::uint64_t rings = 0;
                while (::read(supervisor_bell_, &rings, sizeof rings) < 0 && errno == EINTR) {
                }
            } else if (whose[k] == zygote) {
                {
                    std::lock_guard<std::mutex> guard(mutex_);
                    zygote_ended_ = true;
                }
                wake_completion();
            } else {
                worker_ended(whose[k]);
            }
        }
    }
}

} // namespace freethreading::detail
