//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_DOMAIN_HPP
#define FREETHREADING_CORE_DETAIL_DOMAIN_HPP

// Where a primitive's state lives (DESIGN §3). Each primitive is one class
// template over a domain; the public names are aliases of its instantiations:
//   threading::X       = basic_X<in_process>     (heap, private futexes)
//   multiprocessing::X = basic_X<shared_memory>  (shared segment, shared futexes, robust)
//   X                  = basic_X<runtime>        (chosen from get_backend() when made)

#include <concepts>

namespace freethreading::detail {

struct in_process
{
};

struct shared_memory
{
};

struct runtime
{
};

template <class D>
concept domain = std::same_as<D, in_process> || std::same_as<D, shared_memory> || std::same_as<D, runtime>;

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_DOMAIN_HPP
