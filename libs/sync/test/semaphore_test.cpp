//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// semaphore and bounded_semaphore over their three spellings each: the count.
// Waiting and contention are semaphore_wait_test.cpp.

#include <freethreading/sync/bounded_semaphore.hpp>
#include <freethreading/sync/semaphore.hpp>

#include <tuple>

using plain_semaphore_types = std::tuple<freethreading::threading::semaphore, freethreading::multiprocessing::semaphore,
                                         freethreading::semaphore>;
using bounded_semaphore_types =
    std::tuple<freethreading::threading::bounded_semaphore, freethreading::multiprocessing::bounded_semaphore,
               freethreading::bounded_semaphore>;
using semaphore_types =
    std::tuple<freethreading::threading::semaphore, freethreading::multiprocessing::semaphore, freethreading::semaphore,
               freethreading::threading::bounded_semaphore, freethreading::multiprocessing::bounded_semaphore,
               freethreading::bounded_semaphore>;

#include "semaphore_count_conformance.hpp"

// Distinct types: a bounded semaphore is not a plain one under another name.
static_assert(!std::is_same_v<freethreading::semaphore, freethreading::bounded_semaphore>);
static_assert(!std::is_same_v<freethreading::threading::semaphore, freethreading::multiprocessing::semaphore>);
