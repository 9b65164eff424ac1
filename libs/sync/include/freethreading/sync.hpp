//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_HPP
#define FREETHREADING_SYNC_HPP

// The sync module: locks, semaphores, conditions, events, barriers and stop
// tokens, each in three spellings (threading::, multiprocessing::, facade).

#include <freethreading/sync/barrier.hpp>
#include <freethreading/sync/bounded_semaphore.hpp>
#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/condition.hpp>
#include <freethreading/sync/event.hpp>
#include <freethreading/sync/lock.hpp>
#include <freethreading/sync/rlock.hpp>
#include <freethreading/sync/semaphore.hpp>
#include <freethreading/sync/stop_token.hpp>

#endif // FREETHREADING_SYNC_HPP
