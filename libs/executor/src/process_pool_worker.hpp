//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_SRC_PROCESS_POOL_WORKER_HPP
#define FREETHREADING_EXECUTOR_SRC_PROCESS_POOL_WORKER_HPP

// A process pool's worker as the worker module sees it (DESIGN §4.1): in
// the parent, a registered worker_core whose process the pool's zygote
// forks (or, for a pool made on the main thread, its first workers, this
// process), so
// active_children() lists it by its ForkPoolWorker-N / ForkProcess-N name;
// in the worker process, the identity current_worker() reports.

#include <freethreading/executor/detail/process_layout.hpp>

#include <freethreading/worker/detail/worker_core.hpp>

#include <freethreading/core/ipc/child_launcher.hpp>
#include <freethreading/core/ipc/child_process.hpp>
#include <freethreading/core/ipc/zygote_launcher.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace freethreading::detail {

/** The program every pool worker runs (process_worker_main.cpp). */
int process_worker_main(std::span<const std::byte> argument);

class process_pool_worker final : public worker_core
{
public:
    /** A worker that `launcher` forks, with `argument` (whose name is the
        worker's). `start()` only registers it: the pool then forks it,
        with others, through `launch_all` of `item()` on `launcher`, and
        calls `launched()`, or `abandon()` if it was not forked. */
    process_pool_worker(child_launcher& launcher, const process_worker_start& argument);

    /** What `child_launcher::launch_all` forks for this worker. */
    child_launcher::launch_item item() noexcept
    {
        return {&child_, std::as_bytes(std::span<const process_worker_start>(&argument_, 1))};
    }

    /** The worker was forked: its ident is its pid. */
    void launched() { publish_ident(child_.pid()); }

    /** The worker was started but not forked: as a failed start. */
    void abandon() noexcept { abandon_start(); }
    ~process_pool_worker() override;

    /** Makes this process the pool worker `argument` describes: its
        `current_worker()` and its name for the OS. */
    static void become(const process_worker_start& argument);

    bool is_alive() override;
    std::optional<int> exitcode() const override;
    std::uint64_t native_handle() const override;
    void send_signal(int sig) override;
    /** Nothing: the pool ends its workers, and they die with the zygote,
        which ends with this process, or with this process's main thread,
        which forked them (PR_SET_PDEATHSIG). */
    void end_at_exit() noexcept override {}

    /** The process (empty in the worker's own identity). */
    child_process& child() noexcept { return child_; }

private:
    struct self_tag
    {
    };
    process_pool_worker(self_tag, const process_worker_start& argument);

    void launch() override;
    bool join_started(steady_time deadline) override;

    child_launcher* launcher_ = nullptr; // null: the identity of the worker process itself
    process_worker_start argument_;
    child_process child_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_SRC_PROCESS_POOL_WORKER_HPP
