//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_HPP
#define FREETHREADING_QUEUE_HPP

// The queue module: queue<T> and simple_queue<T>, each in three spellings.

#include <freethreading/queue/concepts.hpp>
#include <freethreading/queue/queue.hpp>
#include <freethreading/queue/simple_queue.hpp>

#endif // FREETHREADING_QUEUE_HPP
