//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_HANDLE_CODEC_HPP
#define FREETHREADING_CORE_DETAIL_HANDLE_CODEC_HPP

// Handles in records and tasks (DESIGN §3, §5 rule 4): a `multiprocessing::`
// or facade handle encodes as its state's segment offset, taking one shared
// reference that decoding transfers to the new handle. Every module's
// handles specialize codec_traits with `shared_handle_codec`; their
// `threading::` spellings set is_process_local_v and are refused.

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/traits.hpp>
#include <freethreading/core/config.hpp>
#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/domain.hpp>
#include <freethreading/core/detail/state_handle.hpp>

#include <cstdint>
#include <stdexcept>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace freethreading::detail {

[[noreturn]] FREETHREADING_CORE_DECL void throw_local_state_encoded(const std::type_info& type);

/** The codec of a handle `H` whose state lives in the segment. */
template <class H>
struct shared_handle_codec
{
    static constexpr bool specialized = true;
    static constexpr std::size_t min_encoded_size = sizeof(std::uint64_t);

    static void encode(const H& h, byte_writer& out)
    {
        // A facade made on the threading backend has an in-process state.
        const auto& state = access::state(h);
        if (!state.is_shared())
            throw_local_state_encoded(typeid(H));
        out.put(state.encode());
    }

    static H decode(byte_reader& in)
    {
        using handle_type = std::remove_cvref_t<decltype(access::state(std::declval<const H&>()))>;
        const auto offset = in.get<std::uint64_t>(typeid(H));
        try {
            return access::adopt<H>(handle_type::decode(offset));
        } catch (const std::out_of_range& e) {
            in.fail(e.what(), typeid(H));
        }
    }

    static std::size_t encoded_size(const H&) noexcept { return sizeof(std::uint64_t); }
};

/** The domains whose states may live in the segment. */
template <class D>
concept shareable_domain = std::same_as<D, shared_memory> || std::same_as<D, runtime>;

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_HANDLE_CODEC_HPP
