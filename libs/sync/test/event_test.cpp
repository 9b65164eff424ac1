//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// event over its three spellings.

#include <freethreading/sync/event.hpp>

#include <tuple>

using event_types =
    std::tuple<freethreading::threading::event, freethreading::multiprocessing::event, freethreading::event>;

#include "event_conformance.hpp"
