//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A process pool's making and unmaking (DESIGN §6 "Pools"): its shared state
// allocated by the parent, the zygote, the workers and the two threads, the
// first round of initializers, and the teardown after the last task.

#include "process_engine_state.hpp"

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/process_spawner.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <system_error>
#include <utility>
#include <vector>
#include <unistd.h>

namespace freethreading::detail {

namespace {

// The most bytes of slots whose pages a pool leaves in the segment.
constexpr std::size_t kept_slot_bytes = std::size_t(1) << 20;

std::size_t slots_for(std::size_t workers) noexcept
{
    // Enough queued work that a worker finishing a task finds the next one
    // in the ring without waiting for the completion thread.
    return std::min<std::size_t>(64 * workers + 64, 4096);
}

// How long an idle worker looks for the next task before it sleeps. Long
// enough to catch the next task of a stream (the parent then makes no
// wake-up call), when there is a CPU for it: with no more CPUs than the
// workers plus the parent's submitting and completion threads, a spinning
// worker takes the CPU the completion thread needs to feed it (measured on
// 2 CPUs with 2 workers: 200,000 tasks took 150-170 ms with a 40 µs spin,
// 70-100 ms without; map with chunksize 100 2.4 ms against 1.4-2.2 ms).
// Without a spin a worker looks 32 times, then sleeps.
std::int64_t idle_spin_for(std::size_t workers) noexcept
{
    return usable_cpu_count() > workers + 2 ? 40'000 : 0;
}

} // namespace

process_engine_state::process_engine_state(std::size_t workers, const pool_options& o, pool_flavour f,
                                           std::optional<process_initializer> init)
    : worker_count(workers == 0 ? usable_cpu_count() : workers), slot_count(slots_for(worker_count)), options(o),
      flavour(f), segment_(shared_segment::instance())
{
    if (worker_count > 0xffff)
        throw std::invalid_argument("freethreading: a process pool has at most 65535 workers, not " +
                                    std::to_string(worker_count));
    if (options.task_timeout.count() < 0)
        throw std::invalid_argument("freethreading: pool_options::task_timeout must not be negative");
    allocate_shared_state(init);
    owners_.resize(slot_count);
    placed_at_.resize(slot_count);
    seen_running_.resize(slot_count);
    parts_.resize(slot_count);
    for (std::size_t s = slot_count; s-- > 0;)
        free_slots_.push_back(static_cast<std::uint32_t>(s));
    workers_.resize(worker_count);
}

void process_engine_state::allocate_shared_state(const std::optional<process_initializer>& init)
{
    const std::uint32_t capacity = static_cast<std::uint32_t>(slot_count + 1);
    const std::size_t cells_at = (sizeof(process_pool_control) + 63) / 64 * 64;
    const std::size_t records_at = (cells_at + capacity * sizeof(std::uint64_t) + 63) / 64 * 64;
    const std::size_t done_at = records_at + worker_count * sizeof(process_worker_record);
    const std::uint32_t done_capacity = static_cast<std::uint32_t>(slot_count + 2);
    control_bytes_ = done_at + worker_count * done_capacity * sizeof(std::uint32_t);
    // A worker's sub-arena: room for several parts of large results (of
    // one chunk size only, so the arena never fragments), smaller in a
    // small segment.
    const std::size_t mib = std::size_t(1) << 20;
    arena_bytes_ = segment_.size() >= 256 * mib ? 4 * mib : segment_.size() >= 32 * mib ? mib : mib / 2;
    part_bytes_ = std::max(chunk_arena::granule, arena_bytes_ / 16);
    void* block = segment_.allocate(control_bytes_, 64);
    try {
        auto* bytes = static_cast<std::byte*>(block);
        control_ = ::new (block) process_pool_control;
        control_->worker_count = static_cast<std::uint32_t>(worker_count);
        control_->slot_count = static_cast<std::uint32_t>(slot_count);
        control_->max_tasks_per_child = options.max_tasks_per_child;
        control_->idle_spin_ns = idle_spin_for(worker_count);
        control_->task_timeout_ns = options.task_timeout.count();
        control_->ring.capacity = capacity;
        control_->ring.cells = ::new (bytes + cells_at) std::atomic<std::uint64_t>[capacity];
        for (std::uint32_t i = 0; i < capacity; ++i)
            control_->ring.cells[i].store(0, std::memory_order_relaxed);
        control_->records = ::new (bytes + records_at) process_worker_record[worker_count];
        for (std::size_t w = 0; w < worker_count; ++w) {
            process_worker_record& r = control_->records[w];
            r.done_capacity = done_capacity;
            r.done_cells = ::new (bytes + done_at + w * done_capacity * sizeof(std::uint32_t))
                std::atomic<std::uint32_t>[done_capacity];
        }
        slots_ = static_cast<process_slot*>(segment_.allocate(slot_count * sizeof(process_slot), 64));
        for (std::size_t s = 0; s < slot_count; ++s)
            ::new (&slots_[s]) process_slot;
        control_->slots = slots_;
        if (init) {
            initializer_bytes_ = init->bytes.size();
            if (initializer_bytes_ != 0) {
                initializer_block_ = segment_.allocate(initializer_bytes_);
                std::memcpy(initializer_block_, init->bytes.data(), initializer_bytes_);
            }
            control_->has_initializer = true;
            control_->initializer = init->trampoline;
            control_->initializer_bytes = static_cast<const std::byte*>(initializer_block_);
            control_->initializer_size = initializer_bytes_;
        }
    } catch (...) {
        free_shared_state();
        throw;
    }
}

void process_engine_state::free_shared_state() noexcept
{
    if (initializer_block_ != nullptr)
        segment_.deallocate(initializer_block_, initializer_bytes_);
    // The slots of a small pool keep their pages (a size of 0 says so):
    // the next pool takes the same block without a page fault for each of
    // its slots (192 slots, 48 pages, cost a new pool of two workers 100-160 µs
    // of faults here). A large pool's go back to the system.
    const std::size_t slot_bytes = slot_count * sizeof(process_slot);
    if (slots_ != nullptr)
        segment_.deallocate(slots_, slot_bytes <= kept_slot_bytes ? 0 : slot_bytes);
    if (control_ != nullptr)
        segment_.deallocate(control_, control_bytes_);
    initializer_block_ = nullptr;
    slots_ = nullptr;
    control_ = nullptr;
}

void process_engine_state::start()
{
    try {
        zygote_ = std::make_unique<zygote_launcher>();
        zygote_pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, zygote_->zygote().pid(), 0));
        supervisor_bell_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (zygote_pidfd_ < 0 || supervisor_bell_ < 0)
            throw std::system_error(errno, std::system_category(), "freethreading: a process pool's watch descriptors");
        // Forked here (launch_all), the workers come before the threads:
        // the forks then copy a process with no thread of the pool's, and
        // send no TLB shoot-down to the CPU a thread of it ran on. Forked by
        // the zygote, the threads start while it forks them. The supervisor
        // then looks again, at the workers' pidfds too.
        const bool here = spawn_process_forks_here();
        if (here)
            launch_all(true);
        completion_ = std::thread([this] { complete_loop(); });
        supervisor_ = std::thread([this] { supervise(); });
        if (!here)
            launch_all(false);
        wake_supervisor();
    } catch (...) {
        // Nothing ran yet: end what was started, in this thread.
        for (process_worker_entry& w : workers_) {
            if (w.worker && w.worker->child().started()) {
                w.worker->child().kill();
                w.worker->child().join();
            }
            if (w.pidfd >= 0)
                ::close(w.pidfd);
            if (w.arena_block != nullptr)
                segment_.deallocate(w.arena_block, arena_bytes_);
            w = process_worker_entry{};
        }
        if (completion_.joinable() || supervisor_.joinable()) {
            stopping_.store(true);
            wake_completion();
            wake_supervisor();
            if (completion_.joinable())
                completion_.join();
            if (supervisor_.joinable())
                supervisor_.join();
        }
        zygote_.reset();
        if (zygote_pidfd_ >= 0)
            ::close(zygote_pidfd_);
        if (supervisor_bell_ >= 0)
            ::close(supervisor_bell_);
        zygote_pidfd_ = supervisor_bell_ = -1;
        free_shared_state();
        torn_down_ = true;
        throw;
    }
}

void process_engine_state::wait_for_initializers()
{
    std::string failure;
    for (std::uint32_t i = 0; i < worker_count && failure.empty(); ++i) {
        std::atomic<std::uint32_t>& state = control_->records[i].init_state;
        for (;;) {
            const std::uint32_t s = state.load(std::memory_order_acquire);
            if (s != 0) {
                if (s == 2)
                    failure = control_->records[i].init_error;
                break;
            }
            {
                std::lock_guard<std::mutex> guard(mutex_);
                if (broken_) {
                    failure = broken_message_;
                    break;
                }
            }
            (void)futex_wait(state, 0, true, std::chrono::steady_clock::now() + std::chrono::milliseconds(10));
        }
    }
    if (failure.empty())
        return;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (broken_)
            failure = broken_message_;
        else
            failure = "freethreading: the pool's initializer threw: " + failure;
    }
    terminate();
    (void)join_until(steady_time::max());
    throw broken_pool_error(failure);
}

process_engine_state::~process_engine_state()
{
    if (torn_down_)
        return;
    close();
    (void)join_until(steady_time::max());
}

void process_engine_state::teardown() noexcept
{
    std::lock_guard<std::mutex> guard(teardown_mutex_);
    if (torn_down_ || std::this_thread::get_id() == completion_.get_id())
        return; // a done callback joined: the destructor finishes
    stopping_.store(true, std::memory_order_seq_cst);
    wake_completion();
    wake_supervisor();
    // The zygote ends after the last worker: the workers' exits, its own
    // and the two threads' ends overlap.
    zygote_->finish();
    completion_.join();
    supervisor_.join();
    // Workers may still be leaving (a join without a deadline does not wait
    // for them, join_until). The zygote ends after them, having published
    // their ends: one wait for it, and theirs are then collected at once.
    zygote_.reset();
    std::vector<process_worker_entry> leaving;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (process_worker_entry& w : workers_)
            leaving.push_back(std::exchange(w, process_worker_entry{}));
        ended_ = true;
    }
    for (process_worker_entry& w : leaving) {
        if (w.worker && w.worker->child().started())
            (void)w.worker->child().join_until(steady_time::max());
        if (w.pidfd >= 0)
            ::close(w.pidfd);
        if (w.arena_block != nullptr)
            segment_.deallocate(w.arena_block, w.arena_bytes);
    }
    leaving.clear();
    ::close(zygote_pidfd_);
    ::close(supervisor_bell_);
    zygote_pidfd_ = supervisor_bell_ = -1;
    free_shared_state();
    torn_down_ = true;
}

} // namespace freethreading::detail
