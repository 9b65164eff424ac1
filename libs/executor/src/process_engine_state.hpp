//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_SRC_PROCESS_ENGINE_STATE_HPP
#define FREETHREADING_EXECUTOR_SRC_PROCESS_ENGINE_STATE_HPP

// The parent's side of a process pool, behind process_engine_core:
//   process_engine_setup.cpp  construction, the first initializers, teardown
//   process_engine_core.cpp   submit, placement in the ring, cancel
//   process_engine_close.cpp  close, terminate, cancel_pending, join
//   process_completion.cpp    the completion thread: results into futures, slots recycled, deaths
//   process_supervisor.cpp    the supervisor thread: pidfds, replacements, task_timeout
// One mutex guards the parent's bookkeeping; futures are completed (and
// their callbacks run) only with it released.

#include "process_pool_worker.hpp"
#include "user_code_scope.hpp"

#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/detail/handler_node.hpp>
#include <freethreading/executor/detail/process_engine_core.hpp>
#include <freethreading/executor/detail/process_layout.hpp>
#include <freethreading/executor/detail/process_task.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>
#include <freethreading/core/ipc/zygote_launcher.hpp>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace freethreading::detail {

/** The parent's bookkeeping of one worker index (its incarnations follow
    one another). */
struct process_worker_entry
{
    enum class status : unsigned char
    {
        absent,    ///< no process, none wanted
        wanted,    ///< the supervisor is to launch one
        launching, ///< the supervisor is launching one
        alive,     ///< a process runs (watched by `pidfd`)
        dead,      ///< it ended; the completion thread has not yet handled its slots
    };

    std::shared_ptr<process_pool_worker> worker; // the current incarnation
    int pidfd = -1;
    void* arena_block = nullptr; // its sub-arena, given back after its death is handled
    std::size_t arena_bytes = 0;
    status state = status::absent;
    bool killed_for_timeout = false;
    int exit_code = 0; // once dead
};

/** A slot's work for the completion thread, found by one scan. */
struct process_slot_work
{
    std::uint32_t slot;
    std::uint64_t state;
    std::shared_ptr<process_task_base> task;
};

class process_engine_state
{
public:
    process_engine_state(std::size_t workers, const pool_options& options, pool_flavour flavour,
                         std::optional<process_initializer> init);
    ~process_engine_state();

    // ---- process_engine_setup.cpp, process_engine_core.cpp, process_engine_close.cpp
    void start();
    // Queues the tasks in order, under one lock and with one bell.
    void submit(std::span<const std::shared_ptr<process_task_base>> tasks);
    bool cancel(process_task_base& task) noexcept;
    void close() noexcept;
    bool join_until(steady_time deadline);
    void terminate();
    void cancel_pending();
    std::vector<pid_t> worker_pids() const;

    const std::size_t worker_count;
    const std::size_t slot_count;
    const pool_options options;
    const pool_flavour flavour;

private:
    friend class process_engine_core;

    // ---- the same three (callers hold mutex_ where marked "locked")
    void allocate_shared_state(const std::optional<process_initializer>& init);
    void free_shared_state() noexcept;
    void wait_for_initializers();
    bool place_locked(std::uint32_t slot, const std::shared_ptr<process_task_base>& task,
                      std::vector<std::pair<std::shared_ptr<process_task_base>, std::exception_ptr>>& failed);
    // Ring the bell for `placed` new tasks; they return how many sleeping
    // workers wake_workers must wake once mutex_ is let go.
    int ring_bell_locked(int placed) noexcept;
    void wake_workers(int count) noexcept;
    // After the bell changed (drain, a broken pool): every sleeper.
    void wake_all_workers() noexcept;
    // The completion thread's part of held-back wake-ups (ring_bell_locked):
    // sleepers are woken for tasks still queued `held_wake_bound` after the
    // first was held back, or at once when some could not wait or with
    // `now` (the thread is about to run user code). Returns when to look
    // again (none: nothing held).
    futex_deadline release_held_wakes(bool now) noexcept;
    int refill_locked(std::vector<std::pair<std::shared_ptr<process_task_base>, std::exception_ptr>>& failed);
    void drain_if_done_locked() noexcept;
    void stop_queued(bool kill);
    // Moves every task not started (pending, or queued in a slot that no
    // worker has claimed) to `out`, marked finished or its slot cancelled.
    void take_unstarted_locked(std::vector<std::shared_ptr<process_task_base>>& out);
    // SIGKILL to every live worker; none wanted is launched any more.
    void kill_workers_locked();
    bool finished_locked() const noexcept;
    bool leaving_locked() const noexcept;
    bool quiescent_locked() const noexcept;
    bool queued_work_locked() const noexcept;
    void wake_supervisor() noexcept;
    void wake_completion() noexcept;
    void teardown() noexcept;

    // ---- process_supervisor.cpp
    struct prepared_worker
    {
        std::shared_ptr<process_pool_worker> worker;
        void* block = nullptr; // its sub-arena
    };
    void supervise() noexcept;
    prepared_worker prepare_worker(std::uint32_t index, child_launcher& launcher);
    void unprepare(std::uint32_t index, prepared_worker& p) noexcept;
    void enlist(std::uint32_t index, const prepared_worker& p);
    /** Starts the workers `indices` (each registered, then all forked
        together by `launcher`) and enlists them. On failure the forked ones
        are enlisted, the others undone, and the error is rethrown. */
    void launch_workers(std::span<const std::uint32_t> indices, child_launcher& launcher);
    /** Launches every worker: forked here (`spawn_process_forks_here()`),
        or by the zygote. */
    void launch_all(bool here);
    std::optional<steady_time> enforce_timeouts();
    void worker_ended(std::uint32_t index) noexcept;

    // ---- process_posted_handlers.cpp: the handlers of the pool's Asio executor
    bool post(std::unique_ptr<handler_node> h);
    bool in_completion_thread() const noexcept;
    void enter_completion_thread() noexcept;
    bool run_posted() noexcept;
    void end_posted() noexcept;

    // ---- process_completion.cpp
    void complete_loop() noexcept;
    bool complete_round();
    // A worker's done ring holds entries not yet looked at (the
    // completion thread's own question: it alone moves the tails).
    bool results_waiting() const noexcept;
    // The slot that worker `i` claimed last, if the task it claimed is
    // still there and its future has not been marked running yet.
    std::optional<std::uint32_t> unmarked_claim_locked(std::uint32_t i) const noexcept;
    void take_part(std::uint32_t slot, std::uint64_t state) noexcept;
    void finish_slot(const process_slot_work& work) noexcept;
    void handle_death(std::uint32_t index);
    void break_pool(std::string message);
    void recycle_locked(std::uint32_t slot, std::vector<std::shared_ptr<process_task_base>>& graveyard) noexcept;
    chunk_arena* arena_of(std::uint32_t worker) const noexcept;
    std::string describe_worker(std::uint32_t index) const;
    std::exception_ptr death_error(std::uint32_t index, const process_task_base& task, bool timed_out) const;

    shared_segment& segment_;
    process_pool_control* control_ = nullptr;
    std::size_t control_bytes_ = 0;
    process_slot* slots_ = nullptr;
    void* initializer_block_ = nullptr;
    std::size_t initializer_bytes_ = 0;
    std::size_t arena_bytes_ = 0; // of each worker's sub-arena
    std::size_t part_bytes_ = 0;  // of each part of a large result (the arena's one chunk size)

    mutable std::mutex mutex_;
    std::condition_variable finished_cv_; // join_until waits on it
    // Per slot: the task in it, the ring position it was pushed at, whether
    // its future was marked running, the parts of a large result so far.
    std::vector<std::shared_ptr<process_task_base>> owners_;
    std::vector<std::uint64_t> placed_at_;
    std::vector<char> seen_running_;
    std::vector<byte_buffer> parts_;
    std::vector<std::uint32_t> free_slots_;
    std::vector<std::uint32_t> cancelled_slots_; // to reclaim once the ring has passed them
    std::deque<std::shared_ptr<process_task_base>> pending_;
    // Wake-ups held back because a busy worker takes the tasks when its own
    // ends, or left to the completion thread (ring_bell_locked): the ring
    // position the held tasks end at (0: none), whether some are to be made
    // at once, and when the first was held. `wakes_held_` says so to the
    // completion thread without the lock, before it sleeps.
    std::uint64_t held_until_ = 0;
    bool held_urgent_ = false;
    steady_time held_since_{};
    std::atomic<bool> wakes_held_{false};
    // The completion thread runs user code (callbacks, posted handlers):
    // nothing is held back meanwhile.
    std::atomic<bool> in_user_code_{false};
    const user_code_observer user_code_observer_{
        [](void* self) noexcept {
            auto& state = *static_cast<process_engine_state*>(self);
            state.in_user_code_.store(true, std::memory_order_seq_cst);
            if (state.wakes_held_.load(std::memory_order_seq_cst))
                (void)state.release_held_wakes(true);
        },
        [](void* self) noexcept {
            static_cast<process_engine_state*>(self)->in_user_code_.store(false, std::memory_order_release);
        },
        this};
    std::vector<process_worker_entry> workers_;
    bool closed_ = false;
    bool terminating_ = false;
    bool broken_ = false;
    bool zygote_ended_ = false;
    bool ended_ = false; // torn down: the shared state is gone
    std::string broken_message_;
    byte_buffer scratch_; // for writing tasks, under mutex_

    std::unique_ptr<zygote_launcher> zygote_;
    int zygote_pidfd_ = -1;
    int supervisor_bell_ = -1; // an eventfd
    std::atomic<bool> stopping_{false}; // the threads end
    std::string launch_error_;          // a replacement could not be started
    // The completion thread's, reused from round to round.
    std::vector<process_slot_work> work_;
    std::vector<std::uint32_t> finished_;
    std::vector<std::shared_ptr<process_task_base>> graveyard_;
    std::mutex posted_mutex_;
    std::vector<std::unique_ptr<handler_node>> posted_; // under posted_mutex_
    std::vector<std::unique_ptr<handler_node>> running_posted_; // the completion thread's, reused
    bool posts_closed_ = false; // under posted_mutex_: the completion thread has ended
    std::thread completion_;
    std::thread supervisor_;
    std::mutex teardown_mutex_;
    bool torn_down_ = false;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_SRC_PROCESS_ENGINE_STATE_HPP
