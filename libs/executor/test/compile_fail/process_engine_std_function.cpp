//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A std::function holds code addresses and captures: it is not a portable
// callable, even on the facade's engine (DESIGN §5).
// expect-first-error: serializable_check<std::function<int\(int\)> >
// expect-first-error: a std::function holds code addresses and captures

#include <freethreading/executor/detail/process_engine.hpp>

#include <functional>

void submit_a_function(freethreading::detail::process_engine<freethreading::detail::runtime>& e,
                       std::function<int(int)> f)
{
    (void)e.submit<freethreading::detail::plain_call>(f, 1);
}
