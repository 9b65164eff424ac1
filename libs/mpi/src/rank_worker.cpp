//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker rank's side: running a batch of tasks (also what rank 0 does when
// it is alone), and encoding a task's exception.

#include "rank_wire.hpp"

#include <freethreading/executor/detail/process_task_context.hpp>

#include <freethreading/core/codec.hpp>
#include <freethreading/core/detail/exception_transport.hpp>

#include <sched.h>
#include <thread>

namespace freethreading::detail {

rank_task_base::~rank_task_base() = default;

void rank_fail(rank_call& c, std::exception_ptr e) noexcept
{
    c.kind = result_kind::error;
    c.result.clear();
    try {
        encode(capture_exception(std::move(e)), c.result);
    } catch (...) {
        // Out of memory: the empty record fails to decode on the client,
        // which reports that as the task's error.
        c.result.clear();
    }
}

void serve_batch(std::span<const std::byte> batch, byte_buffer& reply, byte_buffer& scratch)
{
    byte_reader in(batch);
    while (!in.empty()) {
        const auto sequence = in.get<std::uint64_t>(typeid(std::uint64_t));
        const auto trampoline = in.get<task_id>(typeid(task_id));
        const auto size = in.get<std::uint64_t>(typeid(std::uint64_t));
        if (size > in.remaining())
            in.fail("a task's size is larger than the rest of its batch", typeid(rank_call));
        const std::byte* arguments = in.take(static_cast<std::size_t>(size), typeid(rank_call));
        scratch.clear();
        rank_call call{{arguments, static_cast<std::size_t>(size)}, scratch};
        try {
            // Resolved against this process's loaded objects and checked
            // (DESIGN §8): another build is refused here, never called.
            auto* run = reinterpret_cast<rank_trampoline_fn*>(process_task_context::resolve(trampoline));
            run(call);
        } catch (...) {
            rank_fail(call, std::current_exception());
        }
        reply.put(sequence);
        reply.put(static_cast<std::uint32_t>(call.kind));
        reply.put(static_cast<std::uint64_t>(scratch.size()));
        reply.append(scratch.data(), scratch.size());
    }
}

void idle_backoff::pause() noexcept
{
    const auto d = next();
    if (d.count() == 0)
        ::sched_yield();
    else
        std::this_thread::sleep_for(d);
}

} // namespace freethreading::detail
