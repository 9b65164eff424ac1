//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_FUZZ_HEAP_MODEL_HPP
#define FREETHREADING_TEST_FUZZ_HEAP_MODEL_HPP

// How much heap decoding a `T` may take per byte it is given (DESIGN §5: a
// corrupted length never makes the decoder allocate more than the bytes it
// was given). Literally "no more bytes than given" cannot hold: a valid
// encoding of 1,000 empty optional<int> is 1,008 bytes and decodes to 8,000
// bytes of vector, and a list node is larger than its element's encoding.
// What must hold is that the memory follows the bytes really present, never
// a count read from them. So the model gives, per type, the most heap a
// *valid* encoding can need per encoded byte, from the element's smallest
// encoding (`min_encoded_size`, what the decoder checks counts against) and
// its size in memory plus the container's own overhead per element:
//
//   heap_ratio<vector<E>> = ceil(sizeof(E) / min(E)) + heap_ratio<E>
//   heap_ratio<list<E>>   = ceil((sizeof(E) + 16) / min(E)) + heap_ratio<E>
//   …
//
// A decoder that reserves for a count the remaining bytes cannot hold, or
// that checks a count against too small an element size, takes more than the
// model allows on some input, and the fuzz target reports it (fuzz_check.hpp
// allows twice the model: the reservations of the containers still being
// decoded, plus the memory of the parts already decoded).

#include <freethreading/core/codec.hpp>

#include <algorithm>
#include <array>
#include <bitset>
#include <chrono>
#include <cstddef>
#include <forward_list>
#include <list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

namespace freethreading_fuzz {

namespace ftd = freethreading::detail;

template <class T>
struct heap_model;

/** Heap bytes per encoded byte that decoding a `T` may need. */
template <class T>
inline constexpr std::size_t heap_ratio = heap_model<std::remove_cv_t<T>>::value;

/** Bytes per element of `bytes` in memory, per byte of its smallest encoding. */
template <class E>
constexpr std::size_t per_element(std::size_t bytes)
{
    constexpr std::size_t min = ftd::min_encoded_size<E>();
    return (bytes + min - 1) / min;
}

template <class... Fs>
constexpr std::size_t sum_of_ratios(ftd::type_list<Fs...>)
{
    return (std::size_t{0} + ... + heap_ratio<Fs>);
}

template <class T>
inline constexpr bool always_false = false;

// Types decoded in place (bytes, bool, enums, trivially copyable aggregates)
// take no heap; other aggregates take what their fields take.
template <class T>
constexpr std::size_t default_heap_ratio()
{
    if constexpr (ftd::is_raw<T>() || std::is_same_v<T, bool> || std::is_enum_v<T>)
        return 0;
    else if constexpr (ftd::rule_of<T>() == ftd::codec_rule::aggregate)
        return sum_of_ratios(ftd::field_types_t<T>{});
    else
        static_assert(always_false<T>, "heap_model: say how much heap decoding this type takes");
    return 0;
}

template <class T>
struct heap_model
{
    static constexpr std::size_t value = default_heap_ratio<T>();
};

// A string of n characters is one block of n + 1 characters, against an
// encoding of 8 + n characters.
template <class Ch, class Tr, class A>
struct heap_model<std::basic_string<Ch, Tr, A>>
{
    static constexpr std::size_t value = 1;
};

template <class E, class A>
struct heap_model<std::vector<E, A>>
{
    static constexpr std::size_t value = per_element<E>(sizeof(E)) + heap_ratio<E>;
};

// Bits packed in 64-bit words, against a count and packed bytes.
template <class A>
struct heap_model<std::vector<bool, A>>
{
    static constexpr std::size_t value = 1;
};

template <class E, class A>
struct heap_model<std::list<E, A>>
{
    static constexpr std::size_t value = per_element<E>(sizeof(E) + 2 * sizeof(void*)) + heap_ratio<E>;
};

template <class E, class A>
struct heap_model<std::forward_list<E, A>>
{
    static constexpr std::size_t value = per_element<E>(sizeof(E) + sizeof(void*)) + heap_ratio<E>;
};

// Ordered: one tree node (four words of links and colour) per element.
// Unordered: a node (a link and the cached hash) and a reserved bucket per
// element, the bucket count rounded up to a prime.
inline constexpr std::size_t tree_node = 4 * sizeof(void*);
inline constexpr std::size_t hash_node = 2 * sizeof(void*) + 2 * sizeof(void*);

template <class K, class V>
constexpr std::size_t map_ratio(std::size_t overhead)
{
    constexpr std::size_t min = ftd::min_encoded_size<K>() + ftd::min_encoded_size<V>();
    return (sizeof(std::pair<const K, V>) + overhead + min - 1) / min + heap_ratio<K> + heap_ratio<V>;
}

template <class K, class V, class C, class A>
struct heap_model<std::map<K, V, C, A>>
{
    static constexpr std::size_t value = map_ratio<K, V>(tree_node);
};

template <class K, class V, class C, class A>
struct heap_model<std::multimap<K, V, C, A>>
{
    static constexpr std::size_t value = map_ratio<K, V>(tree_node);
};

template <class K, class V, class H, class E, class A>
struct heap_model<std::unordered_map<K, V, H, E, A>>
{
    static constexpr std::size_t value = map_ratio<K, V>(hash_node);
};

template <class K, class C, class A>
struct heap_model<std::set<K, C, A>>
{
    static constexpr std::size_t value = per_element<K>(sizeof(K) + tree_node) + heap_ratio<K>;
};

template <class K, class C, class A>
struct heap_model<std::multiset<K, C, A>>
{
    static constexpr std::size_t value = per_element<K>(sizeof(K) + tree_node) + heap_ratio<K>;
};

template <class K, class H, class E, class A>
struct heap_model<std::unordered_set<K, H, E, A>>
{
    static constexpr std::size_t value = per_element<K>(sizeof(K) + hash_node) + heap_ratio<K>;
};

template <class E, std::size_t N>
struct heap_model<std::array<E, N>>
{
    static constexpr std::size_t value = heap_ratio<E>;
};

template <std::size_t N>
struct heap_model<std::bitset<N>>
{
    static constexpr std::size_t value = 0;
};

template <class R, class P>
struct heap_model<std::chrono::duration<R, P>>
{
    static constexpr std::size_t value = 0;
};

template <>
struct heap_model<std::monostate>
{
    static constexpr std::size_t value = 0;
};

template <class T>
struct heap_model<std::optional<T>>
{
    static constexpr std::size_t value = heap_ratio<T>;
};

template <class... Ts>
struct heap_model<std::variant<Ts...>>
{
    static constexpr std::size_t value = std::max({std::size_t{0}, heap_ratio<Ts>...});
};

// The parts of a product are decoded one after another, and an earlier
// part's memory stays while the later ones are decoded.
template <class A, class B>
struct heap_model<std::pair<A, B>>
{
    static constexpr std::size_t value = heap_ratio<A> + heap_ratio<B>;
};

template <class... Ts>
struct heap_model<std::tuple<Ts...>>
{
    static constexpr std::size_t value = (std::size_t{0} + ... + heap_ratio<Ts>);
};

} // namespace freethreading_fuzz

#endif // FREETHREADING_TEST_FUZZ_HEAP_MODEL_HPP
