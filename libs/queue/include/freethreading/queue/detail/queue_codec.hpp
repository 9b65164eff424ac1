//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_DETAIL_QUEUE_CODEC_HPP
#define FREETHREADING_QUEUE_DETAIL_QUEUE_CODEC_HPP

// Queue handles in records and tasks (see core/detail/handle_codec.hpp).

#include <freethreading/queue/detail/basic_queue.hpp>

#include <freethreading/core/detail/handle_codec.hpp>

namespace freethreading::detail {

template <class T, class D, bool J>
    requires shareable_domain<D>
struct codec_traits<basic_queue<T, D, J>> : shared_handle_codec<basic_queue<T, D, J>>
{
};

template <class T, bool J>
inline constexpr bool is_process_local_v<basic_queue<T, in_process, J>> = true;

} // namespace freethreading::detail

#endif // FREETHREADING_QUEUE_DETAIL_QUEUE_CODEC_HPP
