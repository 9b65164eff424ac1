//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A future belongs to the process that made it (DESIGN §4.1, §5 rule 1): the
// portability check a multiprocessing task's arguments go through refuses
// it, and the first error names the type.
// expect-first-error: serializable_check<freethreading::future<int> >
// expect-error: type_is_not<freethreading::future<int>, freethreading::detail::codec_rule::future>

#include <freethreading/executor/future.hpp>

#include <freethreading/core/codec/diagnose.hpp>

void pass_a_future_to_a_process()
{
    freethreading::detail::require_serializable<freethreading::future<int>>();
}
