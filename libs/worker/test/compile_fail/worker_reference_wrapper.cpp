//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A process worker is forked: a std::reference_wrapper argument would name
// the parent's object in the child's copy of memory, so it is refused at
// compile time (DESIGN §5). threading::worker accepts it (worker_test.cpp).
// expect-error: a process worker cannot share a reference with its parent
// expect-error: a std::reference_wrapper argument is refused

#include <freethreading/worker/worker.hpp>

#include <functional>

void start_a_process_with_a_reference()
{
    int x = 0;
    freethreading::multiprocessing::worker w([](int& r) { r = 42; }, std::ref(x));
    w.start();
    w.join();
}
