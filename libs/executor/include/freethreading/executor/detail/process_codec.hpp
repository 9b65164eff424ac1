//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_PROCESS_CODEC_HPP
#define FREETHREADING_EXECUTOR_DETAIL_PROCESS_CODEC_HPP

// How a process pool's task crosses into a worker (DESIGN §5, §6 "Pools"):
// the portability checks of its callable, arguments and result, and how each
// is written into and read from a task's bytes.

#include <freethreading/executor/detail/call_token.hpp>
#include <freethreading/executor/detail/process_task_context.hpp>
#include <freethreading/executor/detail/task_call.hpp>

#include <freethreading/sync/stop_token.hpp>

#include <freethreading/core/codec.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/task_id.hpp>

#include <cstdint>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <vector>

namespace freethreading::detail {

/** Values copied as their bytes, without the codec (DESIGN §6: trivially
    copyable arguments and results skip encoding). A trivially copyable type
    is serializable only if it holds no pointer (DESIGN §5), so its bytes
    are its value in every process of the program. */
template <class T>
inline constexpr bool raw_transfer_v = std::is_trivially_copyable_v<T> && serializable<T>;

/** A function pointer travels as its function's task id. */
template <class F>
inline constexpr bool is_function_pointer_v =
    std::is_pointer_v<F> && std::is_function_v<std::remove_pointer_t<F>>;

/** An empty default-constructible class (a capture-less lambda) travels as
    nothing: the worker makes a new one. */
template <class F>
inline constexpr bool is_stateless_callable_v = std::is_empty_v<F> && std::is_default_constructible_v<F>;

/** The compile-time rule of DESIGN §5 for a task's callable: a function
    pointer, an empty default-constructible class, or a serializable class.
    Anything else is a compile error naming the type and the rule it breaks
    (the codec's diagnostics, core/codec/diagnose.hpp). */
template <class F>
consteval bool check_portable_callable()
{
    if constexpr (!is_function_pointer_v<F> && !is_stateless_callable_v<F>)
        require_serializable<F>();
    return true;
}

/** The rule for an argument or a result (`void` results pass). */
template <class T>
consteval bool check_portable_value()
{
    if constexpr (!std::is_void_v<T>)
        require_serializable<T>();
    return true;
}

template <class T>
void put_value(const T& value, byte_buffer& out)
{
    if constexpr (raw_transfer_v<T>)
        out.put(value);
    else
        encode(value, out);
}

template <class T>
T get_value(byte_reader& in)
{
    if constexpr (raw_transfer_v<T>)
        return in.get<T>(typeid(T));
    else
        return decode<T>(in);
}

template <class F>
void put_callable(const F& f, byte_buffer& out)
{
    if constexpr (is_function_pointer_v<F>)
        out.put(function_task_id(reinterpret_cast<std::uintptr_t>(f)));
    else if constexpr (!is_stateless_callable_v<F>)
        encode(f, out);
}

/** The callable, in a worker: a function pointer is resolved (and checked
    against its loaded object) from its task id. */
template <class F>
F get_callable(byte_reader& in)
{
    if constexpr (is_function_pointer_v<F>)
        return reinterpret_cast<F>(process_task_context::resolve(in.get<task_id>(typeid(task_id))));
    else if constexpr (is_stateless_callable_v<F>)
        return F{};
    else
        return decode<F>(in);
}

/** Reads past an encoded callable without making it, unless it may hold
    shared references (a serializable class), which decoding then drops. */
template <class F>
void skip_callable(byte_reader& in)
{
    if constexpr (is_function_pointer_v<F>)
        (void)in.take(sizeof(task_id), typeid(task_id));
    else if constexpr (!is_stateless_callable_v<F>)
        (void)decode<F>(in);
}

/** True when an encoded callable and arguments may hold references to
    shared objects, which a task that never runs must give back. */
template <class F, class... Args>
inline constexpr bool may_hold_references_v =
    !((is_function_pointer_v<F> || is_stateless_callable_v<F> || raw_transfer_v<F>) && ... && raw_transfer_v<Args>);

template <class Token>
struct token_domain;
template <class Domain>
struct token_domain<basic_stop_token<Domain>>
{
    using type = Domain;
};

/** The token a worker passes its task: over the task's stop state, whose
    encoded reference it adopts (0: a token without a state). */
template <class Token>
Token adopt_stop_token(std::uint64_t encoded)
{
    using domain = typename token_domain<Token>::type;
    if (encoded == 0)
        return Token{};
    return access::adopt<Token>(optional_stop_state<domain>(state_handle<stop_state, domain>::decode(encoded)));
}

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_PROCESS_CODEC_HPP
