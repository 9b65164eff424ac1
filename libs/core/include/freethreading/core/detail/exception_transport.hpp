//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_EXCEPTION_TRANSPORT_HPP
#define FREETHREADING_CORE_DETAIL_EXCEPTION_TRANSPORT_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/errors.hpp>

#include <cstdint>
#include <exception>
#include <string>

namespace freethreading::detail {

/** A task's exception in a form that crosses a process boundary (DESIGN §4.2).

    A plain aggregate of strings and integers, so the codec encodes it like
    any other aggregate. `type_name` is the key the rebuilding side looks up:
    the mangled `typeid` name of the exception's exact dynamic type (the same
    in every process of the program, unlike a `std::type_info` address). A
    `remote_error` — also one that `transport_in_process` made — is recorded
    under `remote_error`'s own key with its `type_name()` in `remote_type`, so
    it travels on unchanged.
*/
struct exception_record
{
    /** The mangled name of the exact dynamic type: the rebuild key. */
    std::string type_name{};

    /** `what()` of the original (for a non-`std::exception`, a sentence that
        names its type). */
    std::string what{};

    /** The demangled name a `remote_error` reports when the type is not
        rebuilt, or the original `remote_error`'s `type_name()`. */
    std::string remote_type{};

    /** `std::system_error`: the code's value; `segment_exhausted_error`:
        `requested()`. */
    std::int64_t value = 0;

    /** `segment_exhausted_error`: `available()`. */
    std::int64_t extra = 0;

    /** `std::system_error`: 1 for the generic category, 2 for the system
        category, 0 for any other (which is not rebuilt). */
    std::uint8_t category = 0;
};

/** Describes an exception for transport to another process.

    Any exception can be captured, `std::exception` or not. Whether it will be
    rebuilt as its own type is decided where it is rebuilt, by
    `rebuild_exception`.

    @par Exception Safety
    Never throws. When memory runs out while the record is built, the record
    describes a `std::bad_alloc` instead. A null `e` gives a record of a
    `remote_error` that says so.
*/
FREETHREADING_CORE_DECL exception_record capture_exception(std::exception_ptr e) noexcept;

/** The exception a record describes, ready to be rethrown.

    The exact type is rebuilt, with the same `what()`, when the record's type
    is one of the standard exceptions DESIGN §4.2 lists, a `std::system_error`
    of the generic or system category (its code kept), a freethreading error
    (`remote_error` keeps its `type_name()`, `segment_exhausted_error` its
    sizes), or a type registered in this process with
    `freethreading::register_exception`. Anything else becomes
    `remote_error(r.remote_type, r.what)`.

    @par Thread Safety
    May be called from any thread, concurrently with `register_exception`.

    @throws std::bad_alloc when the exception cannot be built, or what the
    constructor of a registered type throws; nothing else.
*/
FREETHREADING_CORE_DECL std::exception_ptr rebuild_exception(const exception_record& r);

/** Throws the exception `rebuild_exception(r)` returns. */
[[noreturn]] FREETHREADING_CORE_DECL void rethrow_exception_record(const exception_record& r);

/** The threading backend's rule: what a waiter on another thread receives.

    An exception whose exact type would be rebuilt across processes (see
    `rebuild_exception`) is returned unchanged, the same object. Anything else
    is replaced by a `remote_error` naming its type and carrying its `what()`,
    thrown with `std::throw_with_nested` so that `std::rethrow_if_nested` on
    it rethrows the original. Both backends thus report the same types. A null
    `e` is returned as is.

    @par Exception Safety
    Never throws; when memory runs out, returns a `std::bad_alloc`.
*/
FREETHREADING_CORE_DECL std::exception_ptr transport_in_process(std::exception_ptr e) noexcept;

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_EXCEPTION_TRANSPORT_HPP
