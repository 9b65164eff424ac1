//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python usage guide's BoundedSemaphore example: a semaphore may be
// released above its initial value, a bounded semaphore may not.
//
//   >>> s = Semaphore(1)
//   >>> s.release()  # No error, counter increases silently
//   >>> s.release()  # Still no error
//   >>> b = BoundedSemaphore(1)
//   >>> b.release()
//   Traceback (most recent call last):
//   ValueError: Semaphore released too many times
//
// The error is std::logic_error here, on both backends (Python raises
// ValueError, with a different message per backend).

#include <freethreading.hpp>

#include <iostream>
#include <stdexcept>

int main()
{
    freethreading::semaphore s(1);
    s.release(); // no error, the counter increases silently
    s.release(); // still no error
    std::cout << "semaphore value: " << s.value() << '\n';

    freethreading::bounded_semaphore b(1);
    try {
        b.release();
        std::cout << "released\n";
    } catch (const std::logic_error& e) {
        std::cout << "std::logic_error: " << e.what() << '\n';
    }
    std::cout << "bounded semaphore value: " << b.value() << '\n';
}
