//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// semaphore and bounded_semaphore over their three spellings each: timed
// acquisition and contenders waiting on an empty semaphore.

#include <freethreading/sync/bounded_semaphore.hpp>
#include <freethreading/sync/semaphore.hpp>

#include <tuple>

using semaphore_types =
    std::tuple<freethreading::threading::semaphore, freethreading::multiprocessing::semaphore, freethreading::semaphore,
               freethreading::threading::bounded_semaphore, freethreading::multiprocessing::bounded_semaphore,
               freethreading::bounded_semaphore>;

#include "semaphore_wait_conformance.hpp"
