//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include "process_pool_worker.hpp"

#include <freethreading/worker/detail/registry.hpp>

#include <freethreading/core/ipc/fork_hooks.hpp>

#include <csignal>
#include <stdexcept>
#include <sys/prctl.h>

namespace freethreading::detail {

// Pool workers are daemons, as Python's are: the pool, not the program's
// exit, ends them.
process_pool_worker::process_pool_worker(child_launcher& launcher, const process_worker_start& argument)
    : worker_core(argument.name, true, nullptr, {}), launcher_(&launcher), argument_(argument)
{
}

process_pool_worker::process_pool_worker(self_tag, const process_worker_start& argument)
    : worker_core(argument.name, true, nullptr, {}), argument_(argument)
{
    ident_.store(this_process_id(), std::memory_order_release);
}

process_pool_worker::~process_pool_worker() = default;

void process_pool_worker::become(const process_worker_start& argument)
{
    // Never destroyed: the process ends with _exit.
    auto* self = new process_pool_worker(self_tag{}, argument);
    set_process_identity(self);
    char os_name[16]{};
    for (std::size_t i = 0; i + 1 < sizeof os_name && argument.name[i] != '\0'; ++i)
        os_name[i] = argument.name[i];
    ::prctl(PR_SET_NAME, os_name);
}

void process_pool_worker::launch()
{
    // Forked by the pool with the others (item(), launched()).
}

bool process_pool_worker::join_started(steady_time deadline)
{
    if (launcher_ == nullptr)
        return false; // a process does not outlive itself
    return child_.join_until(deadline);
}

bool process_pool_worker::is_alive()
{
    if (launcher_ == nullptr)
        return true;
    if (!child_.started())
        return started(); // a fork in progress counts as alive, as for any worker
    return child_.is_alive();
}

std::optional<int> process_pool_worker::exitcode() const
{
    if (launcher_ == nullptr || !child_.started())
        return std::nullopt;
    return child_.exitcode();
}

std::uint64_t process_pool_worker::native_handle() const
{
    const pid_t pid = launcher_ == nullptr ? this_process_id() : child_.pid();
    return pid > 0 ? static_cast<std::uint64_t>(pid) : 0;
}

void process_pool_worker::send_signal(int sig)
{
    if (launcher_ == nullptr)
        throw std::logic_error("freethreading: a pool worker cannot signal itself through its worker_info");
    if (child_.started())
        child_.send_signal(sig);
}

} // namespace freethreading::detail
