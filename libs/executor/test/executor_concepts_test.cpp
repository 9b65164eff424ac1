//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The executor module's concepts (executor/concepts.hpp): a minimal model of
// each, and a near miss per clause, checked at compile time; the library's
// classes against them at run time too.

#include <freethreading/executor/concepts.hpp>
#include <freethreading/executor/worker_pool.hpp>
#include <freethreading/executor/worker_pool_executor.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace {

namespace ft = freethreading;

struct handle
{
    int get() const { return 0; }
    void wait() const {}
    bool wait_for(std::chrono::milliseconds) const { return true; }
};

struct handle_without_timed_wait
{
    int get() const { return 0; }
    void wait() const {}
};

template <class Handle, bool Copyable = false, bool Shuts = true>
struct executor_model
{
    executor_model() = default;
    executor_model(const executor_model&) requires Copyable = default;
    executor_model(executor_model&&) = default;

    template <class F, class... A>
    Handle submit(F, A...)
    {
        return {};
    }
    void shutdown(bool = true, bool = false) requires Shuts {}
};

template <bool Copyable = false, bool Joins = true, class AsyncHandle = handle>
struct pool_model
{
    pool_model() = default;
    pool_model(const pool_model&) requires Copyable = default;
    pool_model(pool_model&&) = default;

    template <class F, class... A>
    int apply(F, A...)
    {
        return 0;
    }
    template <class F, class... A>
    AsyncHandle apply_async(F, A...)
    {
        return {};
    }
    void close() {}
    void terminate() {}
    void join() {}
    bool join_for(std::chrono::milliseconds) requires Joins { return true; }
};

using fn = int (*)(int);

static_assert(ft::result_handle<handle>);
static_assert(!ft::result_handle<handle_without_timed_wait>);
static_assert(!ft::result_handle<int>);

static_assert(ft::executor_of<executor_model<handle>, fn, int>);
static_assert(!ft::executor_of<executor_model<handle, true>, fn, int>);         // copyable
static_assert(!ft::executor_of<executor_model<handle, false, false>, fn, int>); // no shutdown
static_assert(!ft::executor_of<executor_model<int>, fn, int>);                  // submit gives no handle
static_assert(!ft::executor_of<pool_model<>, fn, int>);

static_assert(ft::worker_pool_of<pool_model<>, fn, int>);
static_assert(!ft::worker_pool_of<pool_model<true>, fn, int>);         // copyable
static_assert(!ft::worker_pool_of<pool_model<false, false>, fn, int>); // no timed join
static_assert(!ft::worker_pool_of<pool_model<false, true, int>, fn, int>); // apply_async gives no handle
static_assert(!ft::worker_pool_of<executor_model<handle>, fn, int>);

} // namespace

BOOST_AUTO_TEST_CASE(the_threading_classes_model_the_concepts)
{
    static_assert(ft::executor_of<ft::threading::worker_pool_executor, fn, int>);
    static_assert(ft::executor_of<ft::threading::worker_pool_executor, std::string (*)(const std::string&),
                                  std::string>);
    static_assert(!ft::executor_of<ft::threading::worker_pool_executor, fn, std::vector<int>>);
    static_assert(ft::worker_pool_of<ft::threading::worker_pool, fn, int>);
    static_assert(!ft::worker_pool_of<ft::threading::worker_pool, fn>);

    ft::threading::worker_pool_executor ex(1);
    BOOST_TEST(ex.submit([](int x) { return x + 1; }, 1).get() == 2);
    ft::threading::worker_pool pool(1);
    BOOST_TEST(pool.apply([](int x) { return x + 1; }, 2) == 3);
}
