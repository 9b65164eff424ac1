//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// worker_pool_executor: the executor_of suite over its spellings, then what
// only a thread executor can show: nested submission from a task, worker
// names, the original exception nested in remote_error, the timeout
// message.

#include <freethreading/executor/worker_pool_executor.hpp>

#include "executor_conformance.hpp"

#include <boost/test/unit_test.hpp>

#include <cctype>
#include <string_view>
#include <algorithm>
#include <tuple>

using executor_types = std::tuple<freethreading::threading::worker_pool_executor>;

FREETHREADING_TEST_EXECUTOR_CASES(executor_types)

namespace {

namespace ft = freethreading;
using namespace std::chrono_literals;
using ft::threading::worker_pool_executor;

bool all_digits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// "ThreadPoolExecutor-P_K" with a K of `k` (std::regex trips g++ 12's
// -Wmaybe-uninitialized in sanitizer builds).
bool is_executor_name(std::string_view n, std::string_view k)
{
    constexpr std::string_view prefix = "ThreadPoolExecutor-";
    if (n.substr(0, prefix.size()) != prefix)
        return false;
    n.remove_prefix(prefix.size());
    const auto sep = n.find('_');
    return sep != std::string_view::npos && all_digits(n.substr(0, sep)) && n.substr(sep + 1) == k;
}

// The executor name inside a message, if any.
std::string executor_name_in(const std::string& what)
{
    const auto at = what.find("ThreadPoolExecutor-");
    if (at == std::string::npos)
        return {};
    auto end = at + std::string_view("ThreadPoolExecutor-").size();
    while (end < what.size() && (std::isdigit(static_cast<unsigned char>(what[end])) != 0 || what[end] == '_'))
        ++end;
    return what.substr(at, end - at);
}

} // namespace

BOOST_AUTO_TEST_CASE(nested_submission_with_one_worker_does_not_deadlock)
{
    worker_pool_executor ex(1);
    auto outer = ex.submit([&ex](int x) {
        auto inner = ex.submit(pool_tests::square, x);
        return inner.get() + static_cast<int>(ex.map(pool_tests::square, std::vector<int>{1, 2}).size());
    }, 5);
    BOOST_TEST(outer.get_for(20s) == 27);
}

BOOST_AUTO_TEST_CASE(executor_workers_are_named_thread_pool_executor_p_k)
{
    worker_pool_executor ex(2);
    const std::vector<std::string> names = ex.map(pool_tests::worker_name, pool_tests::iota(0, 40));
    for (const std::string& n : names)
        BOOST_TEST((is_executor_name(n, "0") || is_executor_name(n, "1")), n);
    // Replacements take the next K.
    worker_pool_executor recycled(ft::pool_options{.max_tasks_per_child = 1}, 1);
    std::vector<std::string> seen;
    for (int i = 0; i < 3; ++i)
        seen.push_back(recycled.submit(pool_tests::worker_name, i).get());
    const std::string p = seen[0].substr(0, seen[0].rfind('_'));
    BOOST_TEST((seen == std::vector<std::string>{p + "_0", p + "_1", p + "_2"}));
}

BOOST_AUTO_TEST_CASE(a_user_exception_is_nested_in_remote_error)
{
    worker_pool_executor ex(1);
    try {
        (void)ex.submit(pool_tests::throw_user_error, 1).get();
        BOOST_FAIL("no exception");
    } catch (const ft::remote_error& e) {
        BOOST_CHECK_THROW(std::rethrow_if_nested(e), pool_tests::user_error);
    }
}

BOOST_AUTO_TEST_CASE(the_timeout_error_names_the_worker_and_the_timeout)
{
    worker_pool_executor ex(ft::pool_options{.task_timeout = 150ms}, 1);
    auto f = ex.submit([](ft::threading::stop_token t) { return t.wait_for(20s); });
    try {
        (void)f.get();
        BOOST_FAIL("no timeout");
    } catch (const ft::timeout_error& e) {
        const std::string what = e.what();
        BOOST_TEST(is_executor_name(executor_name_in(what), "0"), what);
        BOOST_TEST(what.find("150ms") != std::string::npos, what);
    }
}

BOOST_AUTO_TEST_CASE(callables_and_arguments_end_before_the_result_is_published)
{
    worker_pool_executor ex(1);
    auto token = std::make_shared<int>(1);
    std::weak_ptr<int> watch = token;
    auto f = ex.submit([](std::shared_ptr<int> p) { return *p; }, std::move(token));
    BOOST_TEST(f.get() == 1);
    BOOST_TEST(watch.expired()); // the task's copy is gone although the future lives
}
