//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A std::function, even inside an optional, is rejected, naming both.
// expect-error: a std::function holds code addresses
// expect-error: std::function<int\(int\)>
// expect-error: std::optional<std::function<int\(int\)> >
// expect-first-error: serializable_check<std::function<int\(int\)> >
// expect-first-error: Container = std::optional<std::function<int\(int\)> >
// expect-first-error: a std::function holds code addresses

#include <freethreading/core/codec.hpp>

#include <functional>
#include <optional>

void encode_a_callback(freethreading::detail::byte_buffer& out)
{
    const std::optional<std::function<int(int)>> callback = [](int x) { return x + 1; };
    freethreading::detail::encode(callback, out);
}
