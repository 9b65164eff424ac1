//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_SRC_IPC_ZYGOTE_PROTOCOL_HPP
#define FREETHREADING_CORE_SRC_IPC_ZYGOTE_PROTOCOL_HPP

// What a zygote_launcher and its zygote share (zygote_launcher.cpp is the
// parent's side, zygote.cpp the zygote's).

#include <freethreading/core/detail/task_id.hpp>
#include <freethreading/core/ipc/zygote_launcher.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>

namespace freethreading::detail {

enum zygote_request_kind : std::uint32_t
{
    zygote_fork = 1, // fork `count` children
    zygote_stop = 2, // kill and reap the children, then end
    zygote_finish = 3, // end once the last child has ended; not answered
};

/** The request and answer area, in the segment, allocated by the parent.
    A fork request names up to `max_batch` children of one program, forked
    in order: a pool's workers cost one round trip, not one each. One
    request at a time: the parent writes `request`, then stores
    `requests + 1` (release) and rings; the zygote reads it after an acquire
    load, writes `answer`, then stores `answers + 1` (release) and rings
    back. Neither side reads a field before the store that publishes it. */
struct zygote_control
{
    /** The argument bytes of one request, its children's packed. */
    static constexpr std::size_t argument_area = 4096;
    static_assert(argument_area >= zygote_launcher::max_argument_size);

    struct request_fields
    {
        std::uint32_t kind = 0;
        std::uint32_t count = 0; // zygote_fork: children to fork, 1 to max_batch, in order
        task_id entry{};          // their program
        // Per child: its child_exit_slot's segment offset, and where its
        // argument is in `arguments`.
        std::uint64_t slot_offsets[zygote_launcher::max_batch]{};
        std::uint32_t argument_offsets[zygote_launcher::max_batch]{};
        std::uint32_t argument_sizes[zygote_launcher::max_batch]{};
        alignas(16) std::byte arguments[argument_area]{};
    };

    struct answer_fields
    {
        std::uint32_t forked = 0;     // the children forked, the first `forked` of the request's
        std::int32_t pids[zygote_launcher::max_batch]{};
        std::int32_t error = 0;       // errno of a failed fork or a bad request, else 0
        std::uint8_t refused = 0;     // task_id_error::reason_type, else 0
        char message[256]{};          // the refusal's what()
    };

    std::atomic<std::uint32_t> requests{0};
    std::atomic<std::uint32_t> answers{0};
    request_fields request;
    answer_fields answer;
};

/** The zygote's argument: a fork made now, so these are valid in it. */
struct zygote_start
{
    zygote_control* control;
    int doorbell;   // the zygote's end of the socket pair
    int parent_end; // the parent's end, which the zygote closes
};

/** The zygote's program (zygote.cpp): serves requests until it is asked to
    stop or the parent ends. */
int zygote_main(std::span<const std::byte> argument);

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_SRC_IPC_ZYGOTE_PROTOCOL_HPP
