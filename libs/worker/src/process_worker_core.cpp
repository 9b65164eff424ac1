//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Process workers: a child_process forked by the library's spawner thread
// (core/ipc), which watches it through a pidfd and knows its exit code from
// its exit slot, so exitcode() is right even if user code reaps children
// itself or ignores SIGCHLD (DESIGN §6).

#include <freethreading/worker/detail/process_worker_core.hpp>
#include <freethreading/worker/detail/registry.hpp>

#include <freethreading/core/ipc/child_launcher.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <sys/prctl.h>

namespace freethreading::detail {

process_worker_core::process_worker_core(std::string name, bool daemon, std::unique_ptr<worker_task> task,
                                         std::function<void()> request_stop)
    : worker_core(name.empty() ? "Process-" + std::to_string(next_process_number()) : std::move(name), daemon,
                  std::move(task), std::move(request_stop))
{
}

process_worker_core::~process_worker_core() = default;

void process_worker_core::launch()
{
    process_worker_core* const self = this;
    spawner_launcher::instance().launch(child_, program_of<&process_worker_core::child_main>(),
                                        std::as_bytes(std::span<process_worker_core* const>(&self, 1)));
    publish_ident(child_.pid()); // for an ident() called while start() ran
}

int process_worker_core::child_main(std::span<const std::byte> argument)
{
    process_worker_core* self = nullptr;
    std::memcpy(&self, argument.data(), sizeof self);
    set_process_identity(self);
    self->ident_.store(this_process_id(), std::memory_order_relaxed);
    {
        const std::string name = self->name_.substr(0, 15);
        ::prctl(PR_SET_NAME, name.c_str());
    }
    return self->run_task();
}

bool process_worker_core::join_started(steady_time deadline)
{
    if (started_ident() == 0) // waits for a start() forking in another thread
        throw std::logic_error("freethreading::worker::join: worker '" + name() + "' has not been started");
    if (!child_.join_until(deadline))
        return false;
    // The parent's copies of the target and of the stop source end with the
    // process, as a thread's end in the thread: the registry may hold this
    // core until the next start, and they hold shared objects.
    release_target();
    return true;
}

bool process_worker_core::is_alive()
{
    if (!started())
        return false;
    if (!child_.started())
        return true; // being forked (start() publishes it)
    if (child_.is_alive())
        return true;
    release_target();
    return false;
}

std::optional<int> process_worker_core::exitcode() const
{
    return child_.exitcode();
}

std::uint64_t process_worker_core::native_handle() const
{
    const pid_t pid = child_.pid();
    return pid > 0 ? static_cast<std::uint64_t>(pid) : 0;
}

void process_worker_core::send_signal(int sig)
{
    if (!started())
        throw std::logic_error("freethreading::worker: worker '" + name() + "' has not been started");
    if (child_.started()) // else being forked: nothing to signal yet
        child_.send_signal(sig);
}

void process_worker_core::end_at_exit() noexcept
{
    try {
        if (!is_alive())
            return;
        if (daemon()) {
            send_signal(SIGTERM);
            if (!join_until(std::chrono::steady_clock::now() + std::chrono::seconds(1))) {
                send_signal(SIGKILL);
                (void)join_until(steady_time::max());
            }
        } else {
            (void)join_until(steady_time::max());
        }
    } catch (...) {
    }
}

} // namespace freethreading::detail
