//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A std::string_view does not own its characters: a multiprocessing queue of
// them is refused, and the first error names the type and suggests std::string.
// expect-first-error: serializable_check<std::basic_string_view<char> >
// expect-first-error: a std::string_view does not own its characters and cannot cross into another process. pass a std::string

#include <freethreading/queue/queue.hpp>

#include <string_view>

void queue_a_view()
{
    freethreading::multiprocessing::queue<std::string_view> q;
    q.put("borrowed");
}
