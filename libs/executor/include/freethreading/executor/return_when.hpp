//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_RETURN_WHEN_HPP
#define FREETHREADING_EXECUTOR_RETURN_WHEN_HPP

namespace freethreading {

/** When `wait(futures, w)` returns (Python's `FIRST_COMPLETED`,
    `FIRST_EXCEPTION`, `ALL_COMPLETED`). */
enum class return_when
{
    first_completed, ///< any future is done (a cancelled one counts)
    first_exception, ///< any future finished with an exception, or all are done
    all_completed,   ///< every future is done
};

} // namespace freethreading

#endif // FREETHREADING_EXECUTOR_RETURN_WHEN_HPP
