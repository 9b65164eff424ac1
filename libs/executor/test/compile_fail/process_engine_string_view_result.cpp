//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A task's result crosses back to the parent: a std::string_view result,
// which does not own its characters, is refused (DESIGN §5).
// expect-first-error: serializable_check<std::basic_string_view<char> >
// expect-first-error: a std::string_view does not own its characters and cannot cross into another process. pass a std::string

#include <freethreading/executor/detail/process_engine.hpp>

#include <string_view>

std::string_view name_of(int);

void submit_for_a_view(freethreading::detail::process_engine<freethreading::detail::shared_memory>& e)
{
    (void)e.submit<freethreading::detail::plain_call>(&name_of, 1);
}
