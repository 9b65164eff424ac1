//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// condition over its three spellings: a condition is a lock. Waiting,
// hand-offs between contenders and owner death are condition_wait_test.cpp,
// condition_handoff_test.cpp and condition_owner_death_test.cpp.

#include <freethreading/sync/condition.hpp>

#include <tuple>

using condition_types =
    std::tuple<freethreading::threading::condition, freethreading::multiprocessing::condition,
               freethreading::condition>;

#include "condition_lock_conformance.hpp"
