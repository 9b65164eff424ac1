//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Links only freethreading::sync (core comes along): a facade lock and
// semaphore on the backend FREETHREADING_BACKEND names, across a fork.

#include <freethreading/sync.hpp>

#include <cstdio>
#include <mutex>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

int main()
{
    freethreading::lock lock;
    freethreading::semaphore done(0);
    const pid_t child = ::fork();
    if (child == 0) {
        {
            std::scoped_lock guard(lock);
        }
        done.release(3);
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    done.acquire();
    std::printf("%s %d\n", std::string(freethreading::to_string(freethreading::get_backend())).c_str(),
                int(done.value()) + 1);
    return 0;
}
