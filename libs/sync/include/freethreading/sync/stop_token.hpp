//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_STOP_TOKEN_HPP
#define FREETHREADING_SYNC_STOP_TOKEN_HPP

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/detail/basic_stop_source.hpp>
#include <freethreading/sync/detail/basic_stop_token.hpp>

#include <stop_token>

namespace freethreading {

namespace threading {
/** A stop source of the threads of one process; its tokens convert to
    `std::stop_token`. */
using stop_source = detail::basic_stop_source<detail::in_process>;
/** A stop token of the threads of one process; converts to `std::stop_token`. */
using stop_token = detail::basic_stop_token<detail::in_process>;
} // namespace threading

namespace multiprocessing {
/** A stop source whose state is in the shared segment, for forked processes. */
using stop_source = detail::basic_stop_source<detail::shared_memory>;
/** A stop token whose state is in the shared segment, for forked processes. */
using stop_token = detail::basic_stop_token<detail::shared_memory>;
} // namespace multiprocessing

/** A stop source of the backend `get_backend()` names when it is made. */
using stop_source = detail::basic_stop_source<detail::runtime>;
/** A stop token of the facade `stop_source`. */
using stop_token = detail::basic_stop_token<detail::runtime>;

static_assert(stop_source_like<threading::stop_source> && primitive_handle<threading::stop_source>);
static_assert(stop_token_like<threading::stop_token> && primitive_handle<threading::stop_token>);
static_assert(std::convertible_to<threading::stop_token, std::stop_token>);
static_assert(stop_source_like<multiprocessing::stop_source> && primitive_handle<multiprocessing::stop_source>);
static_assert(stop_token_like<multiprocessing::stop_token> && primitive_handle<multiprocessing::stop_token>);
static_assert(stop_source_like<stop_source> && primitive_handle<stop_source>);
static_assert(stop_token_like<stop_token> && primitive_handle<stop_token>);

} // namespace freethreading

#endif // FREETHREADING_SYNC_STOP_TOKEN_HPP
