//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/errors.hpp>

#include <utility>

namespace freethreading {

remote_error::remote_error(std::string type_name, std::string what)
    : error(std::move(what)), type_name_(std::move(type_name))
{
}

segment_exhausted_error::segment_exhausted_error(std::size_t requested, std::size_t available)
    : requested_(requested), available_(available),
      what_("freethreading: the shared-memory segment has no room for " + std::to_string(requested) +
            " bytes (its largest free block is " + std::to_string(available) +
            " bytes); raise FREETHREADING_SHM_SIZE (for example FREETHREADING_SHM_SIZE=4G)")
{
}

const char* segment_exhausted_error::what() const noexcept
{
    return what_.c_str();
}

} // namespace freethreading
