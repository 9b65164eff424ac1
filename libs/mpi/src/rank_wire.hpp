//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_MPI_SRC_RANK_WIRE_HPP
#define FREETHREADING_MPI_SRC_RANK_WIRE_HPP

// What crosses between the client (rank 0) and a worker rank, on the
// executor's own duplicate of the user's communicator:
//
//   tag_tasks    client → worker: a batch of tasks, each
//                [u64 sequence][task_id trampoline][u64 size][size bytes]
//   tag_results  worker → client: the batch's replies, in the same order,
//                [u64 sequence][u32 result_kind][u64 size][size bytes]
//   tag_stop     client → worker: no more tasks (empty)
//
// A batch is one MPI message: a round trip costs microseconds, so small tasks
// travel many to a message (doc/design-notes.md, "MPI executor").

#include <freethreading/mpi/detail/rank_task.hpp>

#include <freethreading/core/codec/byte_buffer.hpp>

#include <chrono>
#include <cstdint>
#include <span>

namespace freethreading::detail {

inline constexpr int tag_tasks = 1;
inline constexpr int tag_results = 2;
inline constexpr int tag_stop = 3;

/** Runs every task of a batch and appends its replies to `reply`.
    Never throws for a task's sake: a task that cannot be resolved or
    decoded gets an error reply. @throws decode_error for a batch that is
    not one (its framing is broken). */
void serve_batch(std::span<const std::byte> batch, byte_buffer& reply, byte_buffer& scratch);

/** How an idle loop waits between polls of MPI (whose blocking calls spin
    a core): a few yields, then sleeps doubling up to `longest`. */
class idle_backoff
{
public:
    explicit idle_backoff(std::chrono::microseconds longest) noexcept : longest_(longest) {}

    void reset() noexcept
    {
        yields_ = 0;
        delay_ = std::chrono::microseconds(5);
    }

    /** The next wait: zero for a yield. */
    std::chrono::microseconds next() noexcept
    {
        if (yields_ < 64) {
            ++yields_;
            return std::chrono::microseconds(0);
        }
        const auto d = delay_;
        delay_ = delay_ * 2 > longest_ ? longest_ : delay_ * 2;
        return d;
    }

    /** Waits `next()`: yields or sleeps. */
    void pause() noexcept;

private:
    std::chrono::microseconds longest_;
    std::chrono::microseconds delay_{5};
    int yields_ = 0;
};

} // namespace freethreading::detail

#endif // FREETHREADING_MPI_SRC_RANK_WIRE_HPP
