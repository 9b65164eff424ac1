//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// condition over its three spellings: owner death on shared memory.

#include <freethreading/sync/condition.hpp>

#include <tuple>

using condition_types =
    std::tuple<freethreading::threading::condition, freethreading::multiprocessing::condition,
               freethreading::condition>;

#include "condition_owner_death_conformance.hpp"
