//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A task's exception as it arrives from another process (DESIGN §4.2): the
// bytes decode as an exception_record (decode_check.hpp's checks), and a
// record that decodes is rebuilt into an exception the waiter can catch: a
// std::exception that is the recorded type itself or a remote_error carrying
// the record's type name and what(). Nothing else may come out, whatever
// the names, numbers and categories in the record.

#include "decode_check.hpp"

#include <freethreading/core/detail/exception_transport.hpp>
#include <freethreading/core/errors.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <span>
#include <typeinfo>

namespace ft = freethreading;
namespace ftd = freethreading::detail;

template <>
struct freethreading_fuzz::heap_model<ftd::exception_record>
{
    // Three strings, then two integers and a byte decoded in place.
    static constexpr std::size_t value = 3;
};

namespace {

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "exception_record: %s\n", what);
    std::abort();
}

void check_rebuild(const ftd::exception_record& r)
{
    const std::exception_ptr rebuilt = ftd::rebuild_exception(r);
    if (!rebuilt)
        fail("rebuild_exception returned a null pointer");
    try {
        std::rethrow_exception(rebuilt);
    } catch (const ft::remote_error& e) {
        // Either the record was a remote_error's, or its type is not one this
        // process rebuilds: the message and the type name travel unchanged.
        if (std::strcmp(e.what(), r.what.c_str()) != 0 || e.type_name() != r.remote_type)
            fail("a remote_error does not carry the record's what() and type name");
    } catch (const std::exception& e) {
        const ftd::exception_record again = ftd::capture_exception(rebuilt);
        if (again.type_name != r.type_name)
            fail("an exception was rebuilt as a type other than the recorded one");
    } catch (...) {
        fail("the rebuilt exception is not a std::exception");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    freethreading_fuzz::check_decode<ftd::exception_record>(bytes);
    std::optional<ftd::exception_record> record;
    try {
        record.emplace(ftd::decode<ftd::exception_record>(bytes));
    } catch (const ft::decode_error&) {
        return 0;
    }
    check_rebuild(*record);
    return 0;
}
