//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_TEST_FUTURE_TEST_SUPPORT_HPP
#define FREETHREADING_EXECUTOR_TEST_FUTURE_TEST_SUPPORT_HPP

// What the tests of the futures share: states made by hand and completed
// from threads (as a pool would), a value type that counts its moves, and
// stderr captured into a string.

#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/detail/make_future.hpp>
#include <freethreading/executor/future.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>

namespace future_test {

/** A state and a future of it. */
template <class R>
struct made
{
    std::shared_ptr<freethreading::detail::future_state<R>> state;
    freethreading::future<R> future;
};

template <class R>
made<R> make()
{
    auto s = std::make_shared<freethreading::detail::future_state<R>>();
    auto f = freethreading::detail::make_future(s);
    return {std::move(s), std::move(f)};
}

/** A thread that runs `f` after `delay` (joined when it goes out of scope). */
template <class F>
std::jthread completes_later(std::chrono::milliseconds delay, F f)
{
    return std::jthread([delay, f = std::move(f)]() mutable {
        std::this_thread::sleep_for(delay);
        f();
    });
}

/** Move-only; counts its moves; a moved-from one holds -1. */
struct move_only
{
    static inline int moves = 0;
    int value = 0;

    explicit move_only(int v) : value(v) {}
    move_only(const move_only&) = delete;
    move_only& operator=(const move_only&) = delete;
    move_only(move_only&& o) noexcept : value(std::exchange(o.value, -1)) { ++moves; }
    move_only& operator=(move_only&& o) noexcept
    {
        value = std::exchange(o.value, -1);
        ++moves;
        return *this;
    }
};

/** Sends stderr to a temporary file while alive; `text()` reads what was
    written so far. */
class captured_stderr
{
public:
    captured_stderr() : file_(std::tmpfile())
    {
        std::fflush(stderr);
        saved_ = ::dup(2);
        ::dup2(::fileno(file_), 2);
    }
    captured_stderr(const captured_stderr&) = delete;
    captured_stderr& operator=(const captured_stderr&) = delete;
    ~captured_stderr()
    {
        restore();
        std::fclose(file_);
    }

    std::string text()
    {
        std::fflush(stderr);
        std::string out;
        char buf[512];
        // pread: the descriptor's offset is where stderr writes next.
        for (ssize_t n; (n = ::pread(::fileno(file_), buf, sizeof buf, static_cast<off_t>(out.size()))) > 0;)
            out.append(buf, static_cast<std::size_t>(n));
        return out;
    }

private:
    void restore()
    {
        std::fflush(stderr);
        ::dup2(saved_, 2);
        ::close(saved_);
    }

    std::FILE* file_;
    int saved_;
};

} // namespace future_test

#endif // FREETHREADING_EXECUTOR_TEST_FUTURE_TEST_SUPPORT_HPP
