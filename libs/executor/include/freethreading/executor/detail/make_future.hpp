//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_MAKE_FUTURE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_MAKE_FUTURE_HPP

// How pools (and tests) make the public handles of a task's state: the one
// way in, through `detail::access` (the handles' adopting constructors are
// private). A pool whose task type derives from `future_state<R>` names `R`:
// `make_future<R>(task)`.

#include <freethreading/executor/async_result.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/future.hpp>

#include <freethreading/core/detail/access.hpp>

#include <memory>
#include <utility>

namespace freethreading::detail {

/** A future of `s`. */
template <class R>
future<R> make_future(std::shared_ptr<future_state<R>> s) noexcept
{
    return access::adopt<future<R>>(std::move(s));
}

/** An async_result of `s`. */
template <class R>
async_result<R> make_async_result(std::shared_ptr<future_state<R>> s) noexcept
{
    return access::adopt<async_result<R>>(std::move(s));
}

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_MAKE_FUTURE_HPP
