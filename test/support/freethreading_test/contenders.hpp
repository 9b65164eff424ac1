//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_CONTENDERS_HPP
#define FREETHREADING_TEST_CONTENDERS_HPP

// Runs the same body as N forked processes (for primitives whose state is in
// shared memory) or N threads (for in-process ones), so one conformance test
// really crosses processes where the primitive can.

#include <freethreading_test/child_process.hpp>

#include <atomic>
#include <exception>
#include <new>
#include <sys/mman.h>
#include <thread>
#include <utility>
#include <vector>

namespace freethreading_test {

/** A `T` in a `MAP_SHARED | MAP_ANONYMOUS` mapping: seen by forked children
    and by threads alike, outside the library's segment. */
template <class T>
class shared_page
{
public:
    template <class... Args>
    explicit shared_page(Args&&... args)
    {
        void* p = ::mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            throw std::bad_alloc();
        value_ = ::new (p) T(std::forward<Args>(args)...);
    }
    shared_page(const shared_page&) = delete;
    shared_page& operator=(const shared_page&) = delete;
    ~shared_page()
    {
        value_->~T();
        ::munmap(value_, sizeof(T));
    }
    T* operator->() const noexcept { return value_; }
    T& operator*() const noexcept { return *value_; }

private:
    T* value_;
};

/** Runs `body(i)` for i in [0, n) in forked children when `processes`, else
    in threads; returns true if every body returned true (and, for children,
    exited normally). */
template <class F>
bool run_contenders(bool processes, int n, F body)
{
    if (processes) {
        std::vector<pid_t> children;
        for (int i = 0; i < n; ++i)
            children.push_back(start_child([&body, i] { return body(i); }));
        bool ok = true;
        for (pid_t c : children)
            ok = wait_child(c).exited_with(0) && ok;
        return ok;
    }
    std::atomic<bool> ok{true};
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            try {
                if (!body(i))
                    ok = false;
            } catch (...) {
                ok = false;
            }
        });
    for (auto& t : threads)
        t.join();
    return ok;
}

/** `run_contenders` on a helper thread, so that the test can act while the
    contenders run; `join()` returns their verdict. */
class background_contenders
{
public:
    template <class F>
    background_contenders(bool processes, int n, F body)
        : thread_([this, processes, n, body] { ok_ = run_contenders(processes, n, body); })
    {
    }
    background_contenders(const background_contenders&) = delete;
    background_contenders& operator=(const background_contenders&) = delete;
    ~background_contenders()
    {
        if (thread_.joinable())
            thread_.join();
    }
    bool join()
    {
        thread_.join();
        return ok_;
    }

private:
    bool ok_ = false;
    std::thread thread_;
};

/** True if `f()` throws an `E`; false if it returns or throws anything else
    (for contenders, where BOOST_TEST cannot report, and for conditions that
    BOOST_CHECK_THROW cannot express). */
template <class E, class F>
bool throws(F f)
{
    try {
        f();
    } catch (const E&) {
        return true;
    } catch (...) {
        return false;
    }
    return false;
}

} // namespace freethreading_test

#endif // FREETHREADING_TEST_CONTENDERS_HPP
