//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_ASIO_HPP
#define FREETHREADING_EXECUTOR_ASIO_HPP

// Boost.Asio integration (DESIGN §7): a result computed in a pool — in
// another process on the multiprocessing backend — is awaited like a timer
// or a socket read:
//
//     co_await fut.async_get(asio::use_awaitable);
//
// Synopsis (the members are declared with the types they belong to):
//
//     // worker_pool_executor (all three spellings)
//     executor_type get_executor();   // an Asio executor, see below
//
//     // future<R> and async_result<R>, any completion token
//     async_wait(token);   // void(boost::system::error_code)
//     async_get(token);    // void(std::exception_ptr, R), or void(std::exception_ptr) for R = void
//
// - Tokens: callbacks, use_awaitable, use_future, deferred,
//   experimental::use_promise, and any other Asio completion token. Asio
//   1.81's promise is not thread-safe and takes Asio's system executor here
//   (a future has no I/O executor): bind it to the executor that awaits it,
//   `asio::bind_executor(ex, asio::experimental::use_promise)`.
// - Completion: on the handler's associated executor — dispatched from the
//   thread that completes the task (the pool's completion thread, or a worker
//   thread), posted if the task was already done when the operation started.
//   While pending, the operation counts as outstanding work of that executor,
//   so `io_context::run()` waits for it. A handler without an associated
//   executor has Asio's system executor and may run on the completing thread.
// - async_get delivers a copy of the value (R must be default-constructible:
//   the signature carries one even on failure), or the task's exception
//   (a remote_error from a worker process), or cancelled_error.
// - Per-operation cancellation (the handler's cancellation slot, e.g.
//   `asio::bind_cancellation_slot(signal.slot(), token)`): a pending task is
//   cancelled; a running task that takes a stop token is asked to stop; with
//   cancellation_type::terminal, the wait on a running task that cannot be
//   stopped is abandoned (the task goes on). Each completes the operation
//   with operation_aborted (a system_error in async_get's exception_ptr); a
//   cancellation after the task is done has no effect. A handler runs at most
//   once.
// - Destroying the handler's execution context (e.g. an io_context) with
//   operations pending destroys their handlers without running them (a
//   coroutine waiting in one is destroyed), as Asio's own objects do.
//
// The pool's Asio executor runs handlers in the calling process: on the
// pool's threads (threading) or on its completion thread (multiprocessing).
// An Asio executor must accept any function object, so it never sends work
// to a worker process: that goes through `submit` / `map`, which check
// portability (DESIGN §5). Keep its handlers short on the multiprocessing
// backend: while one runs, no result is delivered.

#include <freethreading/executor/detail/asio_executor.hpp>
#include <freethreading/executor/detail/asio_future_op.hpp>
#include <freethreading/executor/detail/basic_worker_pool_executor.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/async_result.hpp>
#include <freethreading/executor/future.hpp>
#include <freethreading/executor/worker_pool_executor.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/executor.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

template <bool Get, class R, class Token>
auto async_future_op(const std::shared_ptr<future_state<R>>& state, Token&& token)
{
    if constexpr (Get) {
        static_assert(std::is_void_v<R> || std::is_default_constructible_v<R>,
                      "freethreading: async_get needs a default-constructible result type (its completion "
                      "signature carries a value even on failure); use async_wait and get() instead");
        return boost::asio::async_initiate<Token, typename async_get_signature<R>::type>(
            initiate_future_op<R, true>{}, token, state);
    } else {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(initiate_future_op<R, false>{},
                                                                                  token, state);
    }
}

static_assert(boost::asio::execution::is_executor<threading::worker_pool_executor::executor_type>::value);
static_assert(boost::asio::execution::is_executor<multiprocessing::worker_pool_executor::executor_type>::value);
static_assert(boost::asio::execution::is_executor<worker_pool_executor::executor_type>::value);

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_ASIO_HPP
