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
    zygote_fork = 1, // fork a child
    zygote_stop = 2, // kill and reap the children, then end
    zygote_finish = 3, // end once the last child has ended; not answered
};

/** The request and answer area, in the segment, allocated by the parent.
    One request at a time: the parent writes `request`, then stores
    `requests + 1` (release) and rings; the zygote reads it after an acquire
    load, writes `answer`, then stores `answers + 1` (release) and rings
    back. Neither side reads a field before the store that publishes it. */
struct zygote_control
{
    struct request_fields
    {
        std::uint32_t kind = 0;
        std::uint32_t argument_size = 0;
        task_id entry{};
        std::uint64_t slot_offset = 0; // of the child's child_exit_slot in the segment
        alignas(16) std::byte argument[zygote_launcher::max_argument_size]{};
    };

    struct answer_fields
    {
        std::int32_t pid = -1;        // the child's
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
