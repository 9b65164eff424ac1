//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A std::string_view does not own its characters: decoding one is rejected.
// expect-error: std::string_view does not own its characters
// expect-error: std::basic_string_view<char>
// expect-first-error: serializable_check<std::basic_string_view<char> >
// expect-first-error: std::string_view does not own its characters

#include <freethreading/core/codec.hpp>

#include <string_view>

std::string_view decode_a_view(freethreading::detail::byte_reader& in)
{
    return freethreading::detail::decode<std::string_view>(in);
}
