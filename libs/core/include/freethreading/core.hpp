//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_HPP
#define FREETHREADING_CORE_HPP

// The core module: backend selection, errors and the codec.

#include <freethreading/core/backend.hpp>
#include <freethreading/core/codec.hpp>
#include <freethreading/core/config.hpp>
#include <freethreading/core/errors.hpp>

#endif // FREETHREADING_CORE_HPP
