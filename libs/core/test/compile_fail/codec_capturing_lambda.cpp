//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A lambda that captures (here by reference) is rejected even though its
// closure type is trivially copyable.
// expect-error: like a lambda with captures
// expect-error: lambda\(\)>
// expect-first-error: serializable_check<size_of_a_closure\(\)::<lambda\(\)> >
// expect-first-error: like a lambda with captures

#include <freethreading/core/codec.hpp>

std::size_t size_of_a_closure()
{
    int counter = 0;
    auto increment = [&counter] { return ++counter; };
    return freethreading::detail::encoded_size(increment);
}
