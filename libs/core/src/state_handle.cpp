//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/detail/state_handle.hpp>

namespace freethreading::detail {

void throw_used_across_fork()
{
    throw std::logic_error("freethreading: a threading:: primitive was used in a forked child process; "
                           "its state is a private copy there. Use multiprocessing:: or the facade with "
                           "the multiprocessing backend to share it between processes");
}

} // namespace freethreading::detail

#include <freethreading/core/detail/handle_codec.hpp>

#include <boost/core/demangle.hpp>

namespace freethreading::detail {

void throw_local_state_encoded(const std::type_info& type)
{
    throw std::logic_error("freethreading: a " + boost::core::demangle(type.name()) +
                           " made on the threading backend cannot cross into another process; make it "
                           "with the multiprocessing backend (or use multiprocessing::)");
}

} // namespace freethreading::detail
