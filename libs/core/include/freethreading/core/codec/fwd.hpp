//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_FWD_HPP
#define FREETHREADING_CORE_CODEC_FWD_HPP

// The codec's internal entry points, declared once so that the headers for the
// standard types (which encode their elements) and the dispatcher (which picks
// those headers) can refer to each other. Definitions: rules.hpp (the
// compile-time queries), diagnose.hpp, encode.hpp and decode.hpp.

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/traits.hpp>

#include <cstddef>
#include <cstdint>

namespace freethreading::detail {

/** True when DESIGN §5 accepts `T`; `freethreading::serializable` is this. */
template <class T>
consteval bool is_serializable();

/** True when `T` is encoded as its object representation and any bit
    pattern of that size decodes to a valid `T`: arithmetic types but bool,
    enums, `std::byte`, trivially copyable aggregates of such, arrays and
    `std::complex` of them, and the unchecked rule-6 classes. A contiguous
    run of them is one memcpy. */
template <class T>
consteval bool is_raw();

/** The fewest bytes any encoding of `T` takes; at least 1 for every
    serializable type, so that `count` elements need `count` bytes at least
    and a corrupted count is caught before it is allocated for. */
template <class T>
consteval std::size_t min_encoded_size();

/** Fails to compile, naming `T` and the rule it breaks, unless `T` is
    serializable. */
template <class T>
consteval void require_serializable();

/** Appends the encoding of `value`; `T` is serializable. */
template <class T>
void encode_value(const T& value, byte_buffer& out);

/** The number of bytes `encode_value(value, out)` appends. */
template <class T>
std::size_t value_size(const T& value);

/** Decodes one `T`. @throws decode_error on malformed or truncated input. */
template <class T>
T decode_value(byte_reader& in);

/** The codec of a standard type, specialized in sequence.hpp, bits.hpp,
    associative.hpp and vocabulary.hpp. A specialization declares
    `supported = true`, `elements` (the types that must be serializable for
    it to be), `decodable()`, `raw()`, `min_size()`, `size(v)`,
    `encode(v, out)` and `decode(in)`. */
template <class T>
struct std_codec
{
    static constexpr bool supported = false;
};

/** Lengths and counts: fixed at 64 bits, which costs a few bytes and saves
    the branches of a variable-length encoding on every container. */
using length_type = std::uint64_t;

/** Appends a length or count. */
inline void put_length(byte_buffer& out, std::size_t n)
{
    out.put(static_cast<length_type>(n));
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_FWD_HPP
