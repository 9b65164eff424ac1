//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/sync/detail/basic_mutex.hpp>

#include <freethreading/core/errors.hpp>

#include <stdexcept>
#include <string>

namespace freethreading::detail {

bool finish_acquire(acquire_result r, mutex_state& s, bool shared, const char* type)
{
    switch (r) {
    case acquire_result::acquired:
        return true;
    case acquire_result::timed_out:
        return false;
    case acquire_result::owner_died:
        break;
    }
    // The lock is ours and consistent; give it back, then report the death
    // (DESIGN §4.2: lock() and try_lock*() return without the lock).
    s.depth = 0;
    s.core.unlock(shared);
    throw owner_died_error(std::string("freethreading::") + type +
                           ": the previous owner died while holding the lock; it has been released "
                           "and the next attempt will succeed");
}

void throw_not_owner(const char* type)
{
    throw std::logic_error(std::string("freethreading::") + type +
                           "::unlock: the calling thread does not hold the lock (release of an "
                           "un-acquired lock, or by a thread that is not its owner)");
}

} // namespace freethreading::detail
