//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_WAIT_HPP
#define FREETHREADING_EXECUTOR_WAIT_HPP

// Waiting on several futures (Python's `concurrent.futures.wait` and
// `as_completed`; DESIGN §4.1):
//
//   wait_result<R> wait(fs, return_when w = return_when::all_completed);
//   wait_result<R> wait_for(fs, d, return_when w = return_when::all_completed);
//   as_completed(fs), as_completed_for(fs, d)   (as_completed.hpp)
//
// `fs` is any input range of `future<R>` (a vector, an array, a view...) or
// a braced list of futures.

#include <freethreading/executor/as_completed.hpp>
#include <freethreading/executor/detail/future_range.hpp>
#include <freethreading/executor/detail/future_wait.hpp>
#include <freethreading/executor/future.hpp>
#include <freethreading/executor/return_when.hpp>

#include <freethreading/core/detail/deadline.hpp>

#include <chrono>
#include <initializer_list>
#include <utility>
#include <vector>

namespace freethreading {

/** The futures given to `wait` split by whether they were done when it
    returned, each in the order of its first appearance in the input (a
    future given twice appears once). */
template <class R>
struct wait_result
{
    std::vector<future<R>> done;
    std::vector<future<R>> not_done;
};

namespace detail {

template <class R>
wait_result<R> wait_futures_until(std::vector<future<R>> fs, return_when w, steady_time deadline)
{
    const std::vector<future_state_base*> states = states_of(fs);
    wait_states(states, w, deadline);
    wait_result<R> r;
    for (future<R>& f : fs)
        (f.done() ? r.done : r.not_done).push_back(std::move(f));
    return r;
}

} // namespace detail

/** Waits until `w` holds for the futures of `fs`: any is done
    (`first_completed`; a cancelled future counts), any finished with an
    exception or all are done (`first_exception`), or all are done
    (`all_completed`). Returns at once if it already holds.

    `all_completed` waits on each future in turn; the other two sleep until
    a done callback wakes them (the callback a wait leaves on a future that
    is still pending when it returns is dropped when that future completes).

    @throws std::invalid_argument if a future of `fs` has no state. */
template <detail::future_range Futures>
wait_result<detail::future_range_result_t<Futures>> wait(Futures&& fs,
                                                         return_when w = return_when::all_completed)
{
    return detail::wait_futures_until(detail::unique_futures(fs, "wait"), w, detail::steady_time::max());
}

template <class R>
wait_result<R> wait(std::initializer_list<future<R>> fs, return_when w = return_when::all_completed)
{
    return detail::wait_futures_until(detail::unique_futures(fs, "wait"), w, detail::steady_time::max());
}

/** As `wait`, for at most `d`: on timeout, returns the split as it is then
    (`not_done` is not empty). */
template <detail::future_range Futures, class Rep, class Period>
wait_result<detail::future_range_result_t<Futures>> wait_for(Futures&& fs,
                                                             const std::chrono::duration<Rep, Period>& d,
                                                             return_when w = return_when::all_completed)
{
    const detail::steady_time deadline = detail::deadline_after(d);
    return detail::wait_futures_until(detail::unique_futures(fs, "wait_for"), w, deadline);
}

template <class R, class Rep, class Period>
wait_result<R> wait_for(std::initializer_list<future<R>> fs, const std::chrono::duration<Rep, Period>& d,
                        return_when w = return_when::all_completed)
{
    const detail::steady_time deadline = detail::deadline_after(d);
    return detail::wait_futures_until(detail::unique_futures(fs, "wait_for"), w, deadline);
}

} // namespace freethreading

#endif // FREETHREADING_EXECUTOR_WAIT_HPP
