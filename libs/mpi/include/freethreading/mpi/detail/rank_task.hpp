//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_MPI_DETAIL_RANK_TASK_HPP
#define FREETHREADING_MPI_DETAIL_RANK_TASK_HPP

// One task of an MPI executor on both sides: the trampoline a worker rank
// calls (named by its task id, DESIGN §8), and the client's task object,
// which is the task's future state and holds the task's bytes until they are
// sent. The callable and arguments are written and read with the process
// pools' codec helpers (executor/detail/process_codec.hpp), the exception
// with core's transport.

#include <freethreading/mpi/detail/config.hpp>
#include <freethreading/mpi/portable.hpp>

#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/detail/process_codec.hpp>
#include <freethreading/executor/detail/process_layout.hpp>
#include <freethreading/executor/detail/task_call.hpp>

#include <freethreading/core/codec.hpp>
#include <freethreading/core/detail/exception_transport.hpp>
#include <freethreading/core/detail/task_id.hpp>

#include <cstdint>
#include <exception>
#include <span>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace freethreading::detail {

/** The stop token type of an MPI executor: none. A task never receives a
    token (no callable is invocable with this private type), because a stop
    request would have to cross ranks while the task runs. */
struct rank_no_token
{
};

/** What a trampoline is given on a worker rank: the task's encoded callable
    and arguments, and where its encoded result (or exception record) goes. */
struct rank_call
{
    std::span<const std::byte> arguments;
    byte_buffer& result;
    result_kind kind = result_kind::value;
};

using rank_trampoline_fn = void(rank_call&) noexcept;

/** Records `e` as the call's result (an encoded exception_record). */
FREETHREADING_MPI_DECL void rank_fail(rank_call& c, std::exception_ptr e) noexcept;

/** What a worker rank calls for a task: decodes the callable and arguments,
    calls them through `Call`, and encodes the result. */
template <class Call, class F, class... Args>
void rank_trampoline(rank_call& c) noexcept
{
    using R = call_result_t<Call, rank_no_token, F, Args...>;
    try {
        rank_no_token token;
        byte_reader in(c.arguments);
        F f = get_callable<F>(in);
        std::tuple<Args...> args{get_value<Args>(in)...};
        if constexpr (std::is_void_v<R>) {
            std::apply([&](Args&... a) { Call::invoke(token, f, a...); }, args);
        } else {
            R r = std::apply([&](Args&... a) -> R { return Call::invoke(token, f, a...); }, args);
            put_value(r, c.result);
        }
        c.kind = result_kind::value;
    } catch (...) {
        rank_fail(c, std::current_exception());
    }
}

/** The client's side of a task, whatever its types. */
class FREETHREADING_MPI_DECL rank_task_base
{
public:
    virtual ~rank_task_base();

    /** The task's future state. */
    virtual future_state_base& future() noexcept = 0;

    /** Completes the future from what the worker rank sent back. */
    virtual void complete(result_kind kind, std::span<const std::byte> bytes) noexcept = 0;

    /** The trampoline's task id and the encoded callable and arguments,
        made when the task was submitted. */
    task_id trampoline{};
    byte_buffer arguments;

protected:
    rank_task_base() = default;
    rank_task_base(const rank_task_base&) = delete;
    rank_task_base& operator=(const rank_task_base&) = delete;
};

/** Completes `state` from a worker's reply: a value of `R` or an exception
    record. Malformed bytes fail the future with the decode error. */
template <class R>
void complete_from_reply(future_state<R>& state, result_kind kind, std::span<const std::byte> bytes) noexcept
{
    try {
        if (kind == result_kind::error) {
            state.set_exception(rebuild_exception(decode<exception_record>(bytes)));
        } else if constexpr (std::is_void_v<R>) {
            state.set_value();
        } else {
            byte_reader in(bytes);
            R r = get_value<R>(in);
            if (!in.empty())
                throw_trailing(typeid(R), in.remaining(), in.size());
            state.set_value(std::move(r));
        }
    } catch (...) {
        state.set_exception(std::current_exception());
    }
}

/** The rule for a task's callable on an MPI executor: the process pools'
    (a function, a capture-less lambda or a serializable class), and no
    handle in a serializable class. */
template <class F>
consteval bool check_rank_callable()
{
    check_portable_callable<F>();
    if constexpr (!is_function_pointer_v<F> && !is_stateless_callable_v<F>)
        return check_rank_portable<F>();
    else
        return true;
}

/** A task returning `R`, called through `Call`. The callable and arguments
    are encoded by the constructor, in the submitting thread, so an encoding
    error is thrown by `submit`. */
template <class Call, class F, class... Args>
class rank_task final : public future_state<call_result_t<Call, rank_no_token, F, Args...>>, public rank_task_base
{
public:
    using result_type = call_result_t<Call, rank_no_token, F, Args...>;

    static_assert(check_rank_callable<F>());
    static_assert((check_rank_portable<Args>() && ...));
    static_assert(check_rank_portable<result_type>());

    template <class G, class... A>
    explicit rank_task(G&& f, A&&... args)
    {
        trampoline = task_id_of<&rank_trampoline<Call, F, Args...>>();
        put_callable<F>(f, arguments);
        (put_value<Args>(args, arguments), ...);
    }

    future_state_base& future() noexcept override { return *this; }

    void complete(result_kind kind, std::span<const std::byte> bytes) noexcept override
    {
        complete_from_reply<result_type>(*this, kind, bytes);
    }
};

} // namespace freethreading::detail

#endif // FREETHREADING_MPI_DETAIL_RANK_TASK_HPP
