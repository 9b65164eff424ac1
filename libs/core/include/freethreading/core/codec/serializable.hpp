//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_SERIALIZABLE_HPP
#define FREETHREADING_CORE_CODEC_SERIALIZABLE_HPP

#include <freethreading/core/codec/rules.hpp>

namespace freethreading {

/** Satisfied by the types whose values can cross into another process: the
    C++ form of Python's picklability rule (DESIGN §5).

    The rules, the first that takes a type deciding:
    1. rejected: references, pointers, member pointers,
       `std::reference_wrapper`, `std::string_view`, `std::span`,
       `std::function`, closures with captures, `std::future`,
       `std::shared_future`, smart pointers and the process-local
       `threading::` handles;
    2. arithmetic types, enums and `std::byte`: their bytes;
    3. aggregates, field by field through Boost.PFR (one copy when every field
       is rule-2 bytes);
    4. the standard containers and vocabulary types (`std::string`,
       `std::vector`, `std::map`, `std::optional`, `std::variant`,
       `std::chrono` durations and time points, ...) of serializable types,
       and the `multiprocessing::` and facade handles;
    5. default-constructible, movable classes with a Boost.Serialization-style
       member `template <class Archive> void serialize(Archive& ar, unsigned)`
       that uses `ar & member` (the members are checked when it is
       instantiated);
    6. any other trivially copyable, copy-assignable class, copied as bytes:
       the one unchecked case, for classes with private members. Such a class
       must not hold a pointer or a process-local handle.

    Every facade, `multiprocessing::` pool and executor requires its task's
    arguments and result to model this concept, on both backends, so code that
    compiles runs on both. A type that does not model it is a compile error
    naming the type and the rule it breaks.

    @par Example
    @code
    struct point { double x, y; std::string label; };
    static_assert(freethreading::serializable<point>);
    static_assert(!freethreading::serializable<std::string_view>);
    @endcode
*/
template <class T>
concept serializable = detail::is_serializable<T>();

} // namespace freethreading

#endif // FREETHREADING_CORE_CODEC_SERIALIZABLE_HPP
