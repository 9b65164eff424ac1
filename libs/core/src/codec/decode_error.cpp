//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The messages of the decode_errors the codec raises. They name the type being
// decoded (demangled) and where in the bytes it failed, and, when the failure
// was in a part of a larger value, the value too:
//
//   freethreading: cannot decode std::map<...>: in std::string: truncated: ...

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/decode.hpp>
#include <freethreading/core/errors.hpp>

#include <boost/core/demangle.hpp>

#include <cstring>
#include <string>

namespace freethreading::detail {

namespace {

constexpr const char prefix[] = "freethreading: cannot decode ";

// Demangled, with libstdc++'s spelling of std::string shortened, since it
// recurs in nearly every name and makes the message hard to read.
std::string name_of(const std::type_info& type)
{
    std::string name = boost::core::demangle(type.name());
    const std::string verbose =
        "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >";
    for (std::size_t at = name.find(verbose); at != std::string::npos;
         at = name.find(verbose, at))
        name.replace(at, verbose.size(), "std::string");
    const std::string inline_namespace = "std::__cxx11::";
    for (std::size_t at = name.find(inline_namespace); at != std::string::npos;
         at = name.find(inline_namespace, at))
        name.replace(at, inline_namespace.size(), "std::");
    return name;
}

[[noreturn]] void raise(const std::type_info& what, const std::string& why)
{
    throw decode_error(prefix + name_of(what) + ": " + why);
}

std::string where(std::size_t at, std::size_t size)
{
    return " (at byte " + std::to_string(at) + " of " + std::to_string(size) + ")";
}

} // namespace

void throw_truncated(const std::type_info& what, std::size_t needed, std::size_t at,
                     std::size_t size)
{
    raise(what, "truncated: it needs " + std::to_string(needed) + " more bytes and " +
                    std::to_string(size - at) + " remain" + where(at, size));
}

void throw_bad_count(const std::type_info& what, std::uint64_t count,
                     std::size_t min_element_size, std::size_t at, std::size_t size)
{
    raise(what, "its length " + std::to_string(count) + " cannot fit in the " +
                    std::to_string(size - at) + " bytes that remain (an element takes " +
                    std::to_string(min_element_size) + " at least)" + where(at, size));
}

void throw_malformed(const std::type_info& what, const char* why, std::size_t at,
                     std::size_t size)
{
    raise(what, std::string("malformed: ") + why + where(at, size));
}

void throw_trailing(const std::type_info& what, std::size_t extra, std::size_t size)
{
    raise(what, std::to_string(extra) + " bytes are left over after it" +
                    where(size - extra, size));
}

void rethrow_decode_error(const std::type_info& outer, const std::exception& inner)
{
    const std::string outer_name = name_of(outer);
    const char* message = inner.what();
    const std::size_t prefix_length = sizeof prefix - 1;
    if (std::strncmp(message, prefix, prefix_length) == 0) {
        const char* rest = message + prefix_length;
        // Already about this very type: nothing to add.
        if (std::strncmp(rest, outer_name.c_str(), outer_name.size()) == 0 &&
            rest[outer_name.size()] == ':')
            throw decode_error(message);
        throw decode_error(prefix + outer_name + ": in " + rest);
    }
    throw decode_error(prefix + outer_name + ": " + message);
}

} // namespace freethreading::detail
