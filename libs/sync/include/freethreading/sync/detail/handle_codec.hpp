//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_DETAIL_HANDLE_CODEC_HPP
#define FREETHREADING_SYNC_DETAIL_HANDLE_CODEC_HPP

// The sync handles' codec (see core/detail/handle_codec.hpp).

#include <freethreading/sync/detail/basic_barrier.hpp>
#include <freethreading/sync/detail/basic_event.hpp>
#include <freethreading/sync/detail/basic_mutex.hpp>
#include <freethreading/sync/detail/basic_semaphore.hpp>
#include <freethreading/sync/detail/config.hpp>

#include <freethreading/core/codec/traits.hpp>
#include <freethreading/core/detail/handle_codec.hpp>

namespace freethreading::detail {

template <class D, bool R>
    requires shareable_domain<D>
struct codec_traits<basic_mutex<D, R>> : shared_handle_codec<basic_mutex<D, R>>
{
};
template <class D, bool B>
    requires shareable_domain<D>
struct codec_traits<basic_semaphore<D, B>> : shared_handle_codec<basic_semaphore<D, B>>
{
};
template <class D>
    requires shareable_domain<D>
struct codec_traits<basic_event<D>> : shared_handle_codec<basic_event<D>>
{
};
template <class D>
    requires shareable_domain<D>
struct codec_traits<basic_barrier<D>> : shared_handle_codec<basic_barrier<D>>
{
};

// threading:: handles mean nothing in another process (DESIGN §5 rule 1).
template <bool R>
inline constexpr bool is_process_local_v<basic_mutex<in_process, R>> = true;
template <bool B>
inline constexpr bool is_process_local_v<basic_semaphore<in_process, B>> = true;
template <>
inline constexpr bool is_process_local_v<basic_event<in_process>> = true;
template <>
inline constexpr bool is_process_local_v<basic_barrier<in_process>> = true;

} // namespace freethreading::detail

#endif // FREETHREADING_SYNC_DETAIL_HANDLE_CODEC_HPP
