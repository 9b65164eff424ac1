//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_PROCESS_TASK_HPP
#define FREETHREADING_EXECUTOR_DETAIL_PROCESS_TASK_HPP

// One task of a process pool on both sides: the trampoline a worker calls
// (named by its task id in the task's slot), and the parent's task object,
// which is the task's future state and writes the task into its slot and
// reads its result back.

#include <freethreading/executor/detail/config.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/detail/process_codec.hpp>
#include <freethreading/executor/detail/process_layout.hpp>
#include <freethreading/executor/detail/process_task_context.hpp>
#include <freethreading/executor/detail/task_call.hpp>

#include <freethreading/sync/stop_token.hpp>

#include <freethreading/core/codec.hpp>
#include <freethreading/core/detail/exception_transport.hpp>
#include <freethreading/core/ipc/handle_table.hpp>

#include <boost/core/demangle.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace freethreading::detail {

/** What a worker calls for a task: decodes the callable and the arguments
    from the task's bytes, calls them through `Call` (with the task's stop
    token when it takes one), and publishes the result or the exception.
    Instantiated by `submit`; the worker finds it by its task id. */
template <class Call, class Token, class F, class... Args>
void process_trampoline(process_task_context& ctx) noexcept
{
    using R = call_result_t<Call, Token, F, Args...>;
    try {
        // The token first: its encoded reference is adopted whatever fails next.
        Token token = call_takes_token_v<Call, Token, F, Args...> ? adopt_stop_token<Token>(ctx.stop_state())
                                                                      : Token{};
        byte_reader in(ctx.arguments());
        F f = get_callable<F>(in);
        std::tuple<Args...> args{get_value<Args>(in)...};
        if constexpr (std::is_void_v<R>) {
            std::apply([&](Args&... a) { Call::invoke(token, f, a...); }, args);
            ctx.publish(nullptr, 0, result_kind::value);
        } else {
            R r = std::apply([&](Args&... a) -> R { return Call::invoke(token, f, a...); }, args);
            if constexpr (raw_transfer_v<R>) {
                ctx.publish(&r, sizeof r, result_kind::value);
            } else {
                byte_buffer& out = ctx.scratch();
                out.clear();
                encode(r, out);
                ctx.publish(out.data(), out.size(), result_kind::value);
            }
        }
    } catch (...) {
        ctx.publish_exception(std::current_exception());
    }
}

/** What a worker calls before its first task: `init(initargs…)`. */
template <class Init, class... InitArgs>
void process_initializer_trampoline(process_task_context& ctx) noexcept
{
    try {
        byte_reader in(ctx.arguments());
        Init init = get_callable<Init>(in);
        std::tuple<InitArgs...> args{get_value<InitArgs>(in)...};
        std::apply([&](InitArgs&... a) { std::invoke(init, std::move(a)...); }, args);
        ctx.publish(nullptr, 0, result_kind::value);
    } catch (...) {
        ctx.publish_exception(std::current_exception());
    }
}

class process_engine_state;

/** The parent's side of a task, as the engine (process_engine_core) sees
    it, whatever its types. The engine's fields are under its lock. */
class FREETHREADING_EXECUTOR_DECL process_task_base
{
public:
    /// `placement`: in the engine's queue, not yet in a slot.
    static constexpr std::int64_t unplaced = -1;
    /// `placement`: completed (cancelled, failed, or its slot recycled).
    static constexpr std::int64_t finished = -2;

    virtual ~process_task_base();

    /** The task's future state. */
    virtual future_state_base& future() noexcept = 0;

    /** Writes the trampoline and the stop-state reference into `slot` and
        appends the encoded callable and arguments to `out`. Called once.
        @throws what encoding throws, task_id_error. */
    virtual void write(process_slot& slot, byte_buffer& out) = 0;

    /** Completes the future from a result the worker published. */
    virtual void complete(result_kind kind, std::span<const std::byte> bytes) noexcept = 0;

    /** For a task that was written but never ran: gives back the shared
        references its encoding took (the stop state's, and any handle among
        the arguments, by decoding and dropping them). */
    virtual void discard(std::span<const std::byte> arguments, std::uint64_t stop_state) noexcept = 0;

    /** The demangled type of the callable, for error messages. */
    virtual std::string callable_name() const = 0;

    /** Claims the completion of a pending task for a cancel. */
    virtual bool begin_cancel() noexcept = 0;

    process_engine_state* engine = nullptr;
    std::int64_t placement = unplaced;

protected:
    process_task_base() = default;
    process_task_base(const process_task_base&) = delete;
    process_task_base& operator=(const process_task_base&) = delete;
};

/** Cancels `task` if no worker has claimed it (its future's `do_cancel`). */
FREETHREADING_EXECUTOR_DECL bool process_engine_cancel(process_engine_state& engine, process_task_base& task) noexcept;

/** A task returning `R`, called through `Call`, with its callable and
    arguments until they are written into a slot. */
template <class Call, class Token, class F, class... Args>
class process_task final : public future_state<call_result_t<Call, Token, F, Args...>>, public process_task_base
{
public:
    using result_type = call_result_t<Call, Token, F, Args...>;
    static constexpr bool takes_token = call_takes_token_v<Call, Token, F, Args...>;

    template <class G, class... A>
    explicit process_task(G&& f, A&&... args) : payload_(std::in_place, std::forward<G>(f), std::forward<A>(args)...)
    {
        if constexpr (takes_token)
            stop_.emplace();
    }

    future_state_base& future() noexcept override { return *this; }

    void write(process_slot& slot, byte_buffer& out) override
    {
        slot.trampoline = task_id_of<&process_trampoline<Call, Token, F, Args...>>();
        std::apply(
            [&](const F& f, const Args&... a) {
                put_callable(f, out);
                (put_value(a, out), ...);
            },
            *payload_);
        payload_.reset(); // the slot has it now
        // Last: it takes a reference that the engine gives back if placing fails.
        slot.stop_state = stop_ ? (*access::state(*stop_)).encode() : 0;
    }

    void complete(result_kind kind, std::span<const std::byte> bytes) noexcept override
    {
        try {
            if (kind == result_kind::error) {
                this->set_exception(rebuild_exception(decode<exception_record>(bytes)));
            } else if constexpr (std::is_void_v<result_type>) {
                this->set_value();
            } else {
                byte_reader in(bytes);
                result_type r = get_value<result_type>(in);
                if (!in.empty())
                    throw_trailing(typeid(result_type), in.remaining(), in.size());
                this->set_value(std::move(r));
            }
        } catch (...) {
            this->set_exception(std::current_exception());
        }
    }

    void discard(std::span<const std::byte> arguments, std::uint64_t stop_state) noexcept override
    {
        if (stop_state != 0)
            handle_table::release_encoded(stop_state);
        if constexpr (may_hold_references_v<F, Args...>) {
            try {
                byte_reader in(arguments);
                skip_callable<F>(in);
                (void)std::tuple<Args...>{get_value<Args>(in)...};
            } catch (...) {
                // Bytes this process wrote decode; nothing else can be done.
            }
        }
    }

    std::string callable_name() const override { return boost::core::demangle(typeid(F).name()); }

    bool begin_cancel() noexcept override { return this->begin_completion(true); }

private:
    bool do_cancel() noexcept override { return engine != nullptr && process_engine_cancel(*engine, *this); }

    bool do_request_stop() noexcept override
    {
        try {
            return stop_ && stop_->request_stop();
        } catch (...) {
            return false;
        }
    }

    std::optional<std::tuple<F, Args...>> payload_;
    // In the segment whatever the engine's domain: the worker's token, of
    // the engine's domain, adopts a reference to it.
    std::optional<basic_stop_source<shared_memory>> stop_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_PROCESS_TASK_HPP
