//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_DETAIL_HANDLE_CODEC_HPP
#define FREETHREADING_SYNC_DETAIL_HANDLE_CODEC_HPP

// Sync handles in records and tasks (DESIGN §3, §5 rule 4): a
// `multiprocessing::` or facade handle encodes as its state's segment offset,
// taking one shared reference that decoding transfers to the new handle; a
// `threading::` handle is process-local and refused at compile time.

#include <freethreading/sync/detail/basic_barrier.hpp>
#include <freethreading/sync/detail/basic_event.hpp>
#include <freethreading/sync/detail/basic_mutex.hpp>
#include <freethreading/sync/detail/basic_semaphore.hpp>
#include <freethreading/sync/detail/config.hpp>

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/traits.hpp>

#include <cstdint>
#include <stdexcept>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace freethreading::detail {

[[noreturn]] FREETHREADING_SYNC_DECL void throw_local_state_encoded(const std::type_info& type);

/** The codec of a handle `H` whose state lives in the segment. */
template <class H>
struct shared_handle_codec
{
    static constexpr bool specialized = true;
    static constexpr std::size_t min_encoded_size = sizeof(std::uint64_t);

    static void encode(const H& h, byte_writer& out)
    {
        // A facade made on the threading backend has an in-process state.
        if (!h.state().is_shared())
            throw_local_state_encoded(typeid(H));
        out.put(h.state().encode());
    }

    static H decode(byte_reader& in)
    {
        using handle_type = std::remove_cvref_t<decltype(std::declval<const H&>().state())>;
        const auto offset = in.get<std::uint64_t>(typeid(H));
        try {
            return H(adopt_state, handle_type::decode(offset));
        } catch (const std::out_of_range& e) {
            in.fail(e.what(), typeid(H));
        }
    }

    static std::size_t encoded_size(const H&) noexcept { return sizeof(std::uint64_t); }
};

template <class D>
concept shareable_domain = std::same_as<D, shared_memory> || std::same_as<D, runtime>;

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
