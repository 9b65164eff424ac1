//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_PROCESS_TASK_CONTEXT_HPP
#define FREETHREADING_EXECUTOR_DETAIL_PROCESS_TASK_CONTEXT_HPP

#include <freethreading/executor/detail/config.hpp>
#include <freethreading/executor/detail/process_layout.hpp>

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/detail/task_id.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <span>

namespace freethreading::detail {

/** What a trampoline (process_task.hpp) is given in a pool's worker
    process: the bytes of the task it runs, and the way to publish its
    result. One per worker process; single-threaded.

    A result no larger than a slot's inline space is copied into the slot;
    a larger one goes to the worker's own sub-arena (DESIGN §6 "Crash
    consistency") in parts of at most the record's `part_max` bytes: each
    part but the last is published as `part_ready`, and the worker waits
    for the parent to copy it out and give its chunk back before it writes
    the next. The last part, or the inline result, is published as `done`.
*/
class FREETHREADING_EXECUTOR_DECL process_task_context
{
public:
    process_task_context(process_pool_control& control, std::uint32_t worker) noexcept;
    process_task_context(const process_task_context&) = delete;
    process_task_context& operator=(const process_task_context&) = delete;

    /** Runs the task of the slot this worker has claimed, and publishes
        its result. */
    void run(process_slot& slot) noexcept;

    /** Runs the pool's initializer; false (and the record says why) if it
        threw. */
    bool run_initializer() noexcept;

    /** The encoded callable and arguments of the task (or initializer). */
    std::span<const std::byte> arguments() const noexcept { return arguments_; }

    /** The encoded reference to the task's stop state; 0 for none. */
    std::uint64_t stop_state() const noexcept { return slot_ != nullptr ? slot_->stop_state : 0; }

    /** A buffer for encoding a result, kept from task to task. */
    byte_buffer& scratch() noexcept { return scratch_; }

    /** Publishes the result: `size` bytes at `data` of kind `kind`. For
        the initializer, an error marks it failed. Never throws: a result
        that cannot be published becomes an error saying why. */
    void publish(const void* data, std::size_t size, result_kind kind) noexcept;

    /** Publishes `e` as the task's error (an encoded exception_record). */
    void publish_exception(std::exception_ptr e) noexcept;

    /** The function `id` names, resolved and checked once per process
        (DESIGN §6 "Isolation"), then taken from a small cache.
        @throws task_id_error if it cannot be resolved. */
    static std::uintptr_t resolve(const task_id& id);

private:
    void publish_inline(const void* data, std::size_t size, result_kind kind) noexcept;
    bool publish_parts(const std::byte* data, std::size_t size, result_kind kind) noexcept;
    void* take_chunk(std::size_t bytes) noexcept;
    bool finish(task_slot_phase phase) noexcept;
    [[noreturn]] void await_kill() noexcept;
    void record_initializer_error(const char* text) noexcept;

    process_pool_control& control_;
    process_worker_record& record_;
    std::uint32_t worker_;
    process_slot* slot_ = nullptr;
    std::uint32_t slot_index_ = 0;
    std::uint64_t running_word_ = 0; // the slot's state while this worker runs it
    bool initializing_ = false;
    bool initializer_failed_ = false;
    std::span<const std::byte> arguments_;
    byte_buffer scratch_;
};

/** The task id of the function at `address`, made once per thread and
    address (a small per-thread cache: `make_task_id` walks the program
    headers). @throws task_id_error. */
FREETHREADING_EXECUTOR_DECL const task_id& function_task_id(std::uintptr_t address);

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_PROCESS_TASK_CONTEXT_HPP
