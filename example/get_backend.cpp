//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The seed README's first example: which backend is in use.
//
//   >>> from freethreading import get_backend
//   >>> get_backend()
//   'threading'

#include <freethreading.hpp>

#include <iostream>

int main()
{
    std::cout << '\'' << freethreading::to_string(freethreading::get_backend()) << "'\n";
}
