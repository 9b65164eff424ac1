//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_DETAIL_THREAD_WORKER_CORE_HPP
#define FREETHREADING_WORKER_DETAIL_THREAD_WORKER_CORE_HPP

#include <freethreading/worker/detail/config.hpp>
#include <freethreading/worker/detail/worker_core.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <pthread.h>
#include <string>

namespace freethreading::detail {

/** A worker run by a thread of this process. An empty name becomes the
    next "Thread-N".

    @par Thread Safety
    Every member may be called concurrently.
*/
class FREETHREADING_WORKER_DECL thread_worker_core final : public worker_core
{
public:
    thread_worker_core(std::string name, bool daemon, std::unique_ptr<worker_task> task,
                       std::function<void()> request_stop);
    ~thread_worker_core() override;

    bool is_alive() override;
    std::optional<int> exitcode() const override;
    std::uint64_t native_handle() const override;
    /** @throws std::logic_error: signals are for process workers. */
    void send_signal(int sig) override;
    /** Daemon threads are left running, as in Python; others were joined
        by the program before it could exit. */
    void end_at_exit() noexcept override {}

private:
    void launch() override;
    bool join_started(steady_time deadline) override;
    static void* thread_entry(void* self) noexcept;
    void thread_main();
    void finish(int code);
    void join_thread() noexcept;

    std::atomic<bool> finished_{false};
    std::optional<int> exitcode_;              // under mutex_
    pthread_t thread_{};
    bool has_thread_ = false;                  // thread_ was made (joined_ says whether it was joined)
    bool joined_ = false;
    std::shared_ptr<worker_core> thread_self_; // for the new thread to take over
    std::uint64_t native_ = 0;
};

} // namespace freethreading::detail

#endif // FREETHREADING_WORKER_DETAIL_THREAD_WORKER_CORE_HPP
