//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The facade worker may be a process (the backend is chosen at run time), so
// code that compiles must run on both backends: it refuses a
// std::reference_wrapper argument as multiprocessing::worker does (DESIGN §5).
// expect-error: a process worker cannot share a reference with its parent
// expect-error: a std::reference_wrapper argument is refused

#include <freethreading/worker/worker.hpp>

#include <functional>

void start_a_worker_with_a_reference()
{
    int x = 0;
    freethreading::worker w([](int& r) { r = 42; }, std::ref(x));
    w.start();
    w.join();
}
