//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_FUTURE_RANGE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_FUTURE_RANGE_HPP

// The ranges of futures that `wait`, `wait_for` and `as_completed` take, and
// their first step: each state once, in the order of first appearance.

#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/future.hpp>

#include <freethreading/core/detail/access.hpp>

#include <ranges>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

namespace freethreading::detail {

template <class T>
inline constexpr bool is_freethreading_future_v = false;
template <class R>
inline constexpr bool is_freethreading_future_v<future<R>> = true;

/** An input range whose elements are `future<R>` (R deduced from it). */
template <class Fs>
concept future_range = std::ranges::input_range<Fs> && is_freethreading_future_v<std::ranges::range_value_t<Fs>>;

/** The `R` of a `future_range`'s futures. */
template <future_range Fs>
using future_range_result_t = typename std::ranges::range_value_t<Fs>::value_type;

/** The futures of `fs`, each state once, in the order they first appear.
    @throws std::invalid_argument, naming `call`, for a future without a state. */
template <future_range Fs>
std::vector<future<future_range_result_t<Fs>>> unique_futures(Fs&& fs, const char* call)
{
    std::vector<future<future_range_result_t<Fs>>> out;
    std::unordered_set<const void*> seen;
    if constexpr (std::ranges::sized_range<Fs>) {
        out.reserve(std::ranges::size(fs));
        seen.reserve(std::ranges::size(fs));
    }
    for (auto&& f : fs) {
        if (!f.valid())
            throw std::invalid_argument(std::string("freethreading: ") + call + ": a future has no state");
        if (seen.insert(access::state(f).get()).second)
            out.push_back(f);
    }
    return out;
}

/** The states of `fs`. */
template <class R>
std::vector<future_state_base*> states_of(const std::vector<future<R>>& fs)
{
    std::vector<future_state_base*> out;
    out.reserve(fs.size());
    for (const future<R>& f : fs)
        out.push_back(access::state(f).get());
    return out;
}

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_FUTURE_RANGE_HPP
