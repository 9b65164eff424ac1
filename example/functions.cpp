//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The seed README's functions example:
//
//   >>> from freethreading import active_children, enumerate, get_ident
//   >>> len(active_children())  # excludes current thread or process
//   0
//   >>> len(enumerate())  # includes current thread or process
//   1
//   >>> get_ident()  # current thread or process identifier
//   140247834...
//
// The identifier differs from run to run, so this prints whether it is the
// process id (it is, in a main thread, on both backends).

#include <freethreading.hpp>

#include <iostream>
#include <unistd.h>

int main()
{
    std::cout << freethreading::active_children().size() << '\n';
    std::cout << freethreading::enumerate().size() << '\n';
    std::cout << (freethreading::get_ident() == ::getpid() ? "get_ident() is this process's id" : "unexpected")
              << '\n';
}
