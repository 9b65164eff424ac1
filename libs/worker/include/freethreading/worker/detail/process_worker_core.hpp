//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_DETAIL_PROCESS_WORKER_CORE_HPP
#define FREETHREADING_WORKER_DETAIL_PROCESS_WORKER_CORE_HPP

#include <freethreading/worker/detail/config.hpp>
#include <freethreading/worker/detail/worker_core.hpp>

#include <freethreading/core/ipc/child_process.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace freethreading::detail {

/** A worker run by a child process, forked at `start()` by the library's
    spawner thread (a `child_process` from the `spawner_launcher`), so its
    target may capture anything (DESIGN §6). An empty name becomes the next
    "Process-N".

    @par Thread Safety
    Every member may be called concurrently.
*/
class FREETHREADING_WORKER_DECL process_worker_core final : public worker_core
{
public:
    process_worker_core(std::string name, bool daemon, std::unique_ptr<worker_task> task,
                        std::function<void()> request_stop);
    ~process_worker_core() override;

    bool is_alive() override;
    std::optional<int> exitcode() const override;
    std::uint64_t native_handle() const override;
    void send_signal(int sig) override;
    /** Joins the process, or, for a daemon, terminates it and then reaps it
        (killing it if it does not end within a second). */
    void end_at_exit() noexcept override;

private:
    void launch() override;
    bool join_started(steady_time deadline) override;
    /** What the child runs: the worker at `argument` (a fork made now). */
    static int child_main(std::span<const std::byte> argument);

    child_process child_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_WORKER_DETAIL_PROCESS_WORKER_CORE_HPP
