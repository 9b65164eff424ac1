//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A raw pointer is rejected by rule 1 of DESIGN §5, by name.
// expect-error: a raw pointer cannot cross into another process
// expect-error: T = int\*
// expect-first-error: serializable_check<int\*>
// expect-first-error: a raw pointer cannot cross into another process

#include <freethreading/core/codec.hpp>

void encode_a_pointer(freethreading::detail::byte_buffer& out)
{
    static int value = 42;
    int* pointer = &value;
    freethreading::detail::encode(pointer, out);
}
