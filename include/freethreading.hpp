//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_HPP
#define FREETHREADING_HPP

// Every freethreading module. Link freethreading::freethreading (CMake) or
// /freethreading//freethreading (b2), or include and link modules one by one.

#include <freethreading/core.hpp>
#include <freethreading/queue.hpp>
#include <freethreading/sync.hpp>
#include <freethreading/worker.hpp>
#include <freethreading/executor.hpp>

#endif // FREETHREADING_HPP
