//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_BACKEND_HPP
#define FREETHREADING_CORE_BACKEND_HPP

#include <freethreading/core/config.hpp>

#include <iosfwd>
#include <string_view>

namespace freethreading {

/** The two ways freethreading runs parallel work.

    `threading`: workers are threads of the calling process and primitives are
    ordinary in-process objects. `multiprocessing`: workers are processes made
    with `fork()`, and primitives live in a shared-memory segment that every
    one of them sees.
*/
enum class backend : unsigned char { threading, multiprocessing };

/** Returns `"threading"` or `"multiprocessing"`. */
constexpr std::string_view to_string(backend b) noexcept
{
    return b == backend::multiprocessing ? std::string_view("multiprocessing")
                                         : std::string_view("threading");
}

/** Writes `to_string(b)`. */
template <class Traits>
std::basic_ostream<char, Traits>& operator<<(std::basic_ostream<char, Traits>& os, backend b)
{
    const std::string_view name = to_string(b);
    return os.write(name.data(), static_cast<std::streamsize>(name.size()));
}

/** Chooses the backend that facades and `get_backend()` use.

    Before the backend is resolved this fixes it. Afterwards it is a no-op when
    `b` is the resolved backend.

    @par Thread Safety
    May be called from any thread.

    @throws std::logic_error if the backend was already resolved to another value.
*/
FREETHREADING_CORE_DECL void set_backend(backend b);

/** Returns the backend, resolving it on the first call.

    The rule, applied once for the whole program (DESIGN §1):
    1. the value given to `set_backend()`;
    2. else the environment variable `FREETHREADING_BACKEND`
       (`threading` or `multiprocessing`);
    3. else `multiprocessing` when an initialized CPython that is not a
       free-threading build is loaded in the process (found at run time with
       `dlsym`, never linked);
    4. else `threading`.

    @par Thread Safety
    May be called from any thread; every caller sees the same value.

    @throws std::invalid_argument if `FREETHREADING_BACKEND` holds any other
    value; every resolving call throws until `set_backend()` is called.
*/
FREETHREADING_CORE_DECL backend get_backend();

} // namespace freethreading

#endif // FREETHREADING_CORE_BACKEND_HPP
