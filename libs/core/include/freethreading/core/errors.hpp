//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_ERRORS_HPP
#define FREETHREADING_CORE_ERRORS_HPP

#include <freethreading/core/config.hpp>

#include <cstddef>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <concepts>

namespace freethreading {

/** The base of every error freethreading reports on its own behalf.

    Bad arguments are reported as `std::invalid_argument` and misuse as
    `std::logic_error`; everything else that goes wrong at run time derives
    from this class, identically on both backends.
*/
class FREETHREADING_CORE_DECL error : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/** A `*_for` / `*_until` call whose deadline passed, where the call reports
    the timeout by throwing (`get_for`, `get_until`). */
class FREETHREADING_CORE_DECL timeout_error : public error
{
public:
    using error::error;
};

/** A barrier was broken: aborted, reset while parties waited, timed out, or
    its action threw. */
class FREETHREADING_CORE_DECL broken_barrier_error : public error
{
public:
    using error::error;
};

/** A pool or executor can no longer run tasks: a worker died while holding
    tasks, or the initializer threw. */
class FREETHREADING_CORE_DECL broken_pool_error : public error
{
public:
    using error::error;
};

/** The result of a cancelled task was asked for. */
class FREETHREADING_CORE_DECL cancelled_error : public error
{
public:
    using error::error;
};

/** The previous owner of a robust lock died while holding it.

    The lock has been made consistent: it is free (or, for a condition wait,
    held by the caller), so the next attempt succeeds. Exactly one acquirer
    sees this error per death.
*/
class FREETHREADING_CORE_DECL owner_died_error : public error
{
public:
    using error::error;
};

/** Bytes that do not decode as the expected type: truncated, corrupted, or
    encoded from another type. Raised by the codec, never by reading out of
    bounds. */
class FREETHREADING_CORE_DECL decode_error : public error
{
public:
    using error::error;
};

/** An exception thrown by a task whose type cannot be rebuilt where the
    result is awaited.

    `what()` is the original's, `type_name()` the demangled name of its
    dynamic type. On the threading backend the original is nested:
    `std::rethrow_if_nested` rethrows it.
*/
class FREETHREADING_CORE_DECL remote_error : public error
{
public:
    remote_error(std::string type_name, std::string what);

    /** The demangled name of the original exception's dynamic type. */
    const std::string& type_name() const noexcept { return type_name_; }

private:
    std::string type_name_;
};

/** The shared-memory segment of the multiprocessing backend has no block
    large enough for a request.

    It derives from `std::bad_alloc`, so code that handles allocation failure
    handles it too. The segment stays usable: smaller requests may succeed.
*/
class FREETHREADING_CORE_DECL segment_exhausted_error : public std::bad_alloc
{
public:
    segment_exhausted_error(std::size_t requested, std::size_t available);

    const char* what() const noexcept override;

    /** The number of bytes asked for. */
    std::size_t requested() const noexcept { return requested_; }

    /** The largest block the segment (or the arena the request went to)
        could still give when the request failed. */
    std::size_t available() const noexcept { return available_; }

private:
    std::size_t requested_;
    std::size_t available_;
    std::string what_;
};

namespace detail {

using exception_factory = std::exception_ptr (*)(const char* what);

FREETHREADING_CORE_DECL void register_exception_type(const std::type_info& type,
                                                     exception_factory make);

} // namespace detail

/** Lets exceptions of type `E` thrown by tasks reach the caller as `E`.

    Without registration a user exception type arrives as `remote_error`.
    Register before workers are started (a forked worker inherits the
    registrations its parent had when it forked).

    @par Thread Safety
    May be called from any thread.
*/
template <class E>
    requires std::derived_from<E, std::exception> && std::constructible_from<E, const char*>
void register_exception()
{
    detail::register_exception_type(typeid(E), [](const char* what) {
        return std::make_exception_ptr(E(what));
    });
}

} // namespace freethreading

#endif // FREETHREADING_CORE_ERRORS_HPP
