//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A worker's side of one task (DESIGN §6 "Pools", "Crash consistency"): its
// bytes in, its result out through the slot or the worker's own sub-arena,
// every step published by one atomic operation after the data it covers.
// Nothing here calls the segment allocator.

#include <freethreading/executor/detail/process_task_context.hpp>

#include <freethreading/core/codec.hpp>
#include <freethreading/core/detail/exception_transport.hpp>
#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstring>
#include <unistd.h>

namespace freethreading::detail {

namespace {

using trampoline = void(process_task_context&);

std::int64_t now_ns() noexcept
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

process_task_context::process_task_context(process_pool_control& control, std::uint32_t worker) noexcept
    : control_(control), record_(control.records[worker]), worker_(worker)
{
}

void process_task_context::run(process_slot& slot) noexcept
{
    slot_ = &slot;
    slot_index_ = static_cast<std::uint32_t>(&slot - control_.slots);
    running_word_ = slot.state.load(std::memory_order_relaxed); // this worker's claim
    if (control_.task_timeout_ns != 0)
        slot.started_ns.store(now_ns(), std::memory_order_release);
    record_.current.store(std::uint64_t{slot_tag_of(running_word_)} << 32 | (slot_index_ + 1),
                          std::memory_order_seq_cst);
    nudge_completion(control_); // its future now reports running()
    try {
        const std::size_t size = slot.arguments_size;
        if (slot.arguments_offset == 0) {
            if (size > process_slot::inline_capacity)
                throw error("freethreading: a task slot's argument size is out of bounds");
            arguments_ = {slot.bytes, size};
        } else {
            shared_segment* segment = shared_segment::existing();
            const void* at = segment->address_of(slot.arguments_offset);
            if (!segment->contains(at, size))
                throw error("freethreading: a task's argument block lies outside the segment");
            arguments_ = {static_cast<const std::byte*>(at), size};
        }
        auto* call = reinterpret_cast<trampoline*>(resolve(slot.trampoline));
        call(*this);
    } catch (...) {
        publish_exception(std::current_exception());
    }
    slot_ = nullptr;
    arguments_ = {};
}

bool process_task_context::run_initializer() noexcept
{
    initializing_ = true;
    try {
        arguments_ = {control_.initializer_bytes, control_.initializer_size};
        auto* call = reinterpret_cast<trampoline*>(resolve(control_.initializer));
        call(*this);
    } catch (...) {
        publish_exception(std::current_exception());
    }
    initializing_ = false;
    arguments_ = {};
    return !initializer_failed_;
}

void process_task_context::record_initializer_error(const char* text) noexcept
{
    initializer_failed_ = true;
    std::strncpy(record_.init_error, text, sizeof record_.init_error - 1);
    record_.init_error[sizeof record_.init_error - 1] = '\0';
}

void process_task_context::publish_exception(std::exception_ptr e) noexcept
{
    const exception_record record = capture_exception(std::move(e));
    if (initializing_) {
        record_initializer_error(record.what.c_str());
        return;
    }
    try {
        scratch_.clear();
        encode(record, scratch_);
    } catch (...) {
        scratch_.clear(); // the parent reports the empty record as a decode error
    }
    publish(scratch_.data(), scratch_.size(), result_kind::error);
}

void process_task_context::publish(const void* data, std::size_t size, result_kind kind) noexcept
{
    if (initializing_) {
        if (kind == result_kind::error)
            record_initializer_error("an exception that could not be described");
        return;
    }
    slot_->kind = kind;
    slot_->result_size = size;
    if (size <= process_slot::inline_capacity) {
        publish_inline(data, size, kind);
        return;
    }
    if (!publish_parts(static_cast<const std::byte*>(data), size, kind))
        await_kill();
}

void process_task_context::publish_inline(const void* data, std::size_t size, result_kind) noexcept
{
    if (size != 0)
        std::memcpy(slot_->bytes, data, size);
    slot_->part_offset = 0;
    slot_->part_size = size;
    if (!finish(task_slot_phase::done))
        await_kill();
}

bool process_task_context::publish_parts(const std::byte* data, std::size_t size, result_kind) noexcept
{
    shared_segment* segment = shared_segment::existing();
    const std::size_t part_max = record_.part_max;
    const std::uint64_t ready_word =
        slot_state_word(task_slot_phase::part_ready, worker_, slot_tag_of(running_word_));
    for (std::size_t at = 0;;) {
        const std::size_t n = std::min(size - at, part_max);
        void* chunk = take_chunk(part_max);
        std::memcpy(chunk, data + at, n);
        slot_->part_offset = segment->offset_of(chunk);
        slot_->part_size = n;
        at += n;
        if (at == size)
            return finish(task_slot_phase::done);
        // One part at a time: handed over, then taken by the parent.
        std::uint64_t expected = running_word_;
        if (!slot_->state.compare_exchange_strong(expected, ready_word, std::memory_order_acq_rel))
            return false;
        push_done(record_, slot_index_);
        notify_completion(control_);
        while (slot_->state.load(std::memory_order_acquire) == ready_word)
            (void)futex_wait_low(slot_->state, static_cast<std::uint32_t>(ready_word), true);
        if (slot_->state.load(std::memory_order_acquire) != running_word_)
            return false;
    }
}

void* process_task_context::take_chunk(std::size_t bytes) noexcept
{
    // Every chunk of a worker's arena has one size, so a free one always
    // fits: when none is free, the parent has results to take and give back.
    for (;;) {
        const std::uint32_t seen = record_.arena_freed.value.load(std::memory_order_seq_cst);
        if (void* chunk = record_.arena->allocate(bytes))
            return chunk;
        (void)record_.arena_freed.sleep_while(seen, true, steady_time::max());
    }
}

bool process_task_context::finish(task_slot_phase phase) noexcept
{
    std::uint64_t expected = running_word_;
    if (!slot_->state.compare_exchange_strong(expected, slot_state_word(phase, worker_, slot_tag_of(running_word_)),
                                              std::memory_order_acq_rel))
        return false; // timing out: the supervisor kills this process
    push_done(record_, slot_index_);
    nudge_completion(control_);
    return true;
}

void process_task_context::await_kill() noexcept
{
    for (;;)
        ::pause();
}

std::uintptr_t process_task_context::resolve(const task_id& id)
{
    struct entry
    {
        task_id id;
        std::uintptr_t address;
    };
    constexpr std::size_t size = 32;
    thread_local entry cache[size];
    thread_local std::size_t used = 0;
    thread_local std::size_t next = 0;
    for (std::size_t i = 0; i < used; ++i)
        if (cache[i].id.origin_address == id.origin_address && cache[i].id == id)
            return cache[i].address;
    const std::uintptr_t address = resolve_task_id(id);
    cache[next] = {id, address};
    next = (next + 1) % size;
    used = std::max(used, next == 0 ? size : next);
    return address;
}

const task_id& function_task_id(std::uintptr_t address)
{
    struct entry
    {
        std::uintptr_t address;
        task_id id;
    };
    constexpr std::size_t size = 16;
    thread_local entry cache[size];
    thread_local std::size_t used = 0;
    thread_local std::size_t next = 0;
    for (std::size_t i = 0; i < used; ++i)
        if (cache[i].address == address)
            return cache[i].id;
    const task_id id = make_task_id(address);
    entry& e = cache[next];
    e = {address, id};
    next = (next + 1) % size;
    used = std::max(used, next == 0 ? size : next);
    return e.id;
}

} // namespace freethreading::detail
