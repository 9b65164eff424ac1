//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A class that needs its type argument to cross into another process (as the
// queue does for its items, and the executor for task arguments and results)
// instantiates serializable_check from its body. For an aggregate with a
// const char* field, the first error names the aggregate, the field (its
// index, from 0, and its type) and suggests a value type.
// expect-first-error: serializable_check<const char\*>
// expect-first-error: Aggregate = labelled_point
// expect-first-error: FieldIndex = 2
// expect-first-error: FieldType = const char\*
// expect-first-error: a raw pointer cannot cross into another process. pass a value type \(std::string, std::vector\)

#include <freethreading/core/codec.hpp>

#include <string>

template <class T>
struct task_argument_slot
{
    static_assert(freethreading::detail::serializable_check<T>::value);
    T value;
};

struct labelled_point
{
    double x;
    double y;
    const char* label;
    std::string note;
};

task_argument_slot<labelled_point> slot;
