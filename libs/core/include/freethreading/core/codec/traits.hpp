//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_TRAITS_HPP
#define FREETHREADING_CORE_CODEC_TRAITS_HPP

// The codec's three customization points, for the modules above core.
//
// 1. `is_process_local_v<T>`: specialize it to `true` for a type whose value
//    means nothing in another process (the `threading::` handles). Such a type
//    is rejected by rule 1 of DESIGN §5, ahead of every other rule, even when
//    it is trivially copyable:
//
//        template <>
//        inline constexpr bool freethreading::detail::is_process_local_v<threading::event> = true;
//
// 2. `is_future_v<T>`: specialize it to `true` for a future type (the
//    executor's `future<R>` and `async_result<R>`); rule 1 rejects it with the
//    message for futures ("pass its result instead").
//
// 3. `codec_traits<T>`: specialize it to give T its own encoding (the
//    `multiprocessing::` and facade handles, whose encoding takes a reference
//    count). A specialization is recognised by its member `specialized`, which
//    must be the constant `true`, and must declare:
//
//        template <>
//        struct freethreading::detail::codec_traits<my_handle> {
//            static constexpr bool specialized = true;
//            // The fewest bytes `encode` ever writes; at least 1. A decoder
//            // trusts it to bound what a corrupted length can make it allocate.
//            static constexpr std::size_t min_encoded_size = 8;
//            static void encode(const my_handle&, byte_writer&);
//            static my_handle decode(byte_reader&); // throws decode_error
//            // Optional; without it encoded_size() encodes into a scratch buffer.
//            static std::size_t encoded_size(const my_handle&);
//        };
//
//    A class with a specialization is serializable whatever else it is (only
//    rule 1 is checked before it), and the codec calls nothing else for it.

#include <concepts>
#include <cstddef>
#include <type_traits>

namespace freethreading::detail {

/** True for types whose values only mean something in the process that made
    them; such types never cross into another process. Defaults to `false`. */
template <class T>
inline constexpr bool is_process_local_v = false;

/** True for future types, whose values are results still to come in the
    process that waits for them. Defaults to `false`. */
template <class T>
inline constexpr bool is_future_v = false;

/** A type's own encoding; see the top of this header for what a
    specialization declares. The primary template declares nothing. */
template <class T>
struct codec_traits
{
};

/** Satisfied when `codec_traits<T>` is a specialization in the sense above. */
template <class T>
concept has_codec_traits = requires { requires codec_traits<T>::specialized; };

/** Satisfied when a `codec_traits` specialization also says how long its
    encoding of a given value is. */
template <class T, class Value>
concept has_codec_traits_size = requires(const Value& v) {
    { codec_traits<T>::encoded_size(v) } -> std::convertible_to<std::size_t>;
};

/** A list of types, carried as a value so that it can be matched with a pack. */
template <class... Ts>
struct type_list
{
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_TRAITS_HPP
