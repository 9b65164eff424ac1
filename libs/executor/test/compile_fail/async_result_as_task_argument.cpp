//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// An async_result belongs to the process that made it, also inside a
// container: the first error names the type.
// expect-first-error: serializable_check<freethreading::async_result<std::.*vector<double>
// expect-error: type_is_not<freethreading::async_result<

#include <freethreading/executor/async_result.hpp>

#include <freethreading/core/codec/diagnose.hpp>

#include <vector>

void pass_results_to_a_process()
{
    freethreading::detail::require_serializable<std::vector<freethreading::async_result<std::vector<double>>>>();
}
