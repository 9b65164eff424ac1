//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_FUZZ_DECODE_CHECK_HPP
#define FREETHREADING_TEST_FUZZ_DECODE_CHECK_HPP

// What every decoder fuzz target checks of one input (DESIGN §5):
// - decoding either gives a value or throws decode_error: any other
//   exception escapes and ends the run, and reading out of bounds is an
//   AddressSanitizer report;
// - the heap it holds at its peak stays within twice heap_ratio<T> per byte
//   given (heap_model.hpp) plus an allowance for the error's message;
// - a value that decodes is a valid value: its encoding decodes again to the
//   same value (the same bytes, or equal where the order of an unordered
//   container may change).

#include "heap_meter.hpp"
#include "heap_model.hpp"

#include <freethreading/core/codec.hpp>
#include <freethreading/core/errors.hpp>

#include <boost/core/demangle.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>

namespace freethreading_fuzz {

/** Room for what a failed decode allocates besides the value: the
    decode_error and its message, which names the (nested) type and where it
    failed. Measured once per type on an empty input, and doubled for
    messages that name inner types and longer offsets: a fixed allowance
    large enough for every type would hide an over-allocation on the small
    inputs a fuzzer mostly makes. */
template <class T>
std::size_t error_allowance()
{
    static const std::size_t allowance = [] {
        const heap_meter meter;
        try {
            (void)ftd::decode<T>(std::span<const std::byte>());
        } catch (const freethreading::decode_error&) {
        }
        return 2 * meter.peak() + 1024;
    }();
    return allowance;
}

template <class T>
[[noreturn]] void fail(const char* what, std::size_t a = 0, std::size_t b = 0, std::size_t c = 0)
{
    std::fprintf(stderr, "decode<%s>: %s (%zu, %zu, %zu)\n", boost::core::demangle(typeid(T).name()).c_str(),
                 what, a, b, c);
    std::abort();
}

template <class T>
bool same_value(const T& a, const T& b)
{
    if constexpr (std::is_same_v<T, long double> && std::numeric_limits<long double>::digits == 64) {
        // x87's 80-bit format in 16 bytes: the 6 padding bytes are not part
        // of the value and do not survive a copy, so compare the 10 others.
        return std::memcmp(&a, &b, 10) == 0;
    } else if constexpr (std::equality_comparable<T>) {
        return a == b;
    } else {
        return false;
    }
}

/** Decodes `bytes` as a `T` and checks the three properties above. */
template <class T>
void check_decode(std::span<const std::byte> bytes)
{
    const std::size_t allowance = error_allowance<T>();
    std::optional<T> value;
    std::size_t peak = 0;
    {
        const heap_meter meter;
        try {
            value.emplace(ftd::decode<T>(bytes));
        } catch (const freethreading::decode_error&) {
        }
        peak = meter.peak();
    }
    const std::size_t limit = 2 * heap_ratio<T> * bytes.size() + allowance;
    if (peak > limit)
        fail<T>("held more heap than the bytes given allow (peak, input bytes, limit)", peak, bytes.size(), limit);
    if (!value)
        return;

    ftd::byte_buffer first;
    ftd::encode(*value, first);
    T again = ftd::decode<T>(first.bytes()); // a decode_error here escapes: an invalid value was made
    ftd::byte_buffer second;
    ftd::encode(again, second);
    const bool same_bytes = first.size() == second.size() &&
                            (first.size() == 0 || std::memcmp(first.data(), second.data(), first.size()) == 0);
    if (!same_bytes && !same_value(*value, again))
        fail<T>("the decoded value does not survive encode and decode (sizes)", first.size(), second.size());
}

/** The first byte chooses one of the family's types, the rest is decoded as
    that type (the corpus generator writes seeds the same way). */
template <class Family>
int check_selected(const std::uint8_t* data, std::size_t size)
{
    using types = typename Family::types;
    if (size == 0)
        return 0;
    const std::size_t index = data[0] % std::tuple_size_v<types>;
    const std::span<const std::byte> rest(reinterpret_cast<const std::byte*>(data) + 1, size - 1);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (void)((index == I && (check_decode<std::tuple_element_t<I, types>>(rest), true)) || ...);
    }(std::make_index_sequence<std::tuple_size_v<types>>{});
    return 0;
}

} // namespace freethreading_fuzz

#endif // FREETHREADING_TEST_FUZZ_DECODE_CHECK_HPP
