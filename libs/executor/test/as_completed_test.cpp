//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// as_completed / as_completed_for (Python's concurrent.futures.as_completed):
// completion order, done futures first, duplicates once, the overall
// timeout, and the range's iterator concept.

#include <freethreading/executor/as_completed.hpp>
#include <freethreading/executor/wait.hpp>

#include "future_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <iterator>
#include <memory>
#include <ranges>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
namespace ft = freethreading;
namespace ftd = freethreading::detail;
using future_test::completes_later;
using std::chrono::steady_clock;

static_assert(std::input_iterator<ft::as_completed_range<int>::iterator>);
static_assert(std::sentinel_for<std::default_sentinel_t, ft::as_completed_range<int>::iterator>);
static_assert(std::ranges::input_range<ft::as_completed_range<int>>);
static_assert(std::same_as<std::ranges::range_value_t<ft::as_completed_range<int>>, ft::future<int>>);
static_assert(!std::copy_constructible<ft::as_completed_range<int>>);
static_assert(std::movable<ft::as_completed_range<int>>);

struct batch
{
    std::vector<std::shared_ptr<ftd::future_state<int>>> states;
    std::vector<ft::future<int>> futures;

    explicit batch(int n)
    {
        for (int i = 0; i < n; ++i) {
            auto m = future_test::make<int>();
            states.push_back(m.state);
            futures.push_back(m.future);
        }
    }
    ~batch()
    {
        for (auto& s : states)
            s->drop();
    }

    /** The index of `f` in `futures`. */
    int index_of(const ft::future<int>& f) const
    {
        return static_cast<int>(std::ranges::find(futures, f) - futures.begin());
    }
};

BOOST_AUTO_TEST_CASE(yields_in_completion_order)
{
    batch b(4);
    auto range = ft::as_completed(b.futures);
    for (const int i : {2, 0, 3, 1})
        b.states[i]->set_value(i * 10);
    std::vector<int> order, values;
    for (const ft::future<int>& f : range) {
        order.push_back(b.index_of(f));
        values.push_back(f.get());
    }
    BOOST_TEST(order == (std::vector<int>{2, 0, 3, 1}), boost::test_tools::per_element());
    BOOST_TEST(values == (std::vector<int>{20, 0, 30, 10}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(waits_for_completions_from_another_thread)
{
    batch b(4);
    std::jthread completer = completes_later(10ms, [s = b.states] {
        for (const int i : {3, 1, 2, 0}) {
            std::this_thread::sleep_for(10ms);
            s[i]->set_value(i);
        }
    });
    std::vector<int> order;
    for (const ft::future<int>& f : ft::as_completed(b.futures)) {
        BOOST_TEST(f.done());
        order.push_back(f.get());
    }
    BOOST_TEST(order == (std::vector<int>{3, 1, 2, 0}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(done_futures_come_first_in_input_order)
{
    batch b(4);
    b.states[3]->set_value(3);
    b.states[1]->set_value(1);
    auto range = ft::as_completed(b.futures);
    b.states[0]->set_value(0);
    b.states[2]->set_value(2);
    std::vector<int> order;
    for (const ft::future<int>& f : range)
        order.push_back(f.get());
    BOOST_TEST(order == (std::vector<int>{1, 3, 0, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(duplicates_are_yielded_once)
{
    batch b(2);
    auto range = ft::as_completed({b.futures[1], b.futures[0], b.futures[1], b.futures[1]});
    b.states[0]->set_value(0);
    b.states[1]->set_value(1);
    std::vector<int> order;
    for (const ft::future<int>& f : range)
        order.push_back(f.get());
    BOOST_TEST(order == (std::vector<int>{0, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(failed_and_cancelled_futures_are_yielded_too)
{
    batch b(3);
    auto range = ft::as_completed(b.futures);
    b.states[1]->set_exception(std::make_exception_ptr(std::runtime_error("boom")));
    BOOST_TEST(b.futures[2].cancel());
    b.states[0]->set_value(0);
    auto it = range.begin();
    BOOST_TEST((*it == b.futures[1]));
    BOOST_CHECK_THROW((void)it->get(), std::runtime_error);
    ++it;
    BOOST_TEST(it->cancelled());
    it++;
    BOOST_TEST(it->get() == 0);
    ++it;
    BOOST_TEST((it == range.end()));
}

BOOST_AUTO_TEST_CASE(as_completed_for_throws_timeout_error_and_ends)
{
    batch b(3);
    b.states[1]->set_value(1);
    const auto start = steady_clock::now();
    auto range = ft::as_completed_for(b.futures, 100ms);
    auto it = range.begin();
    BOOST_TEST(it->get() == 1);
    try {
        ++it;
        BOOST_FAIL("as_completed_for went past its deadline");
    } catch (const ft::timeout_error& e) {
        BOOST_TEST(std::string(e.what()).find("timed out with 2 of 3 futures not completed") != std::string::npos);
    }
    BOOST_TEST((steady_clock::now() - start >= 100ms));
    BOOST_TEST((it == range.end())); // the range is over, as Python's generator
    BOOST_TEST((range.begin() == range.end()));
}

BOOST_AUTO_TEST_CASE(as_completed_for_may_throw_from_begin_and_yields_what_completed_in_time)
{
    batch b(2);
    auto empty_handed = ft::as_completed_for(b.futures, 30ms);
    BOOST_CHECK_THROW(empty_handed.begin(), ft::timeout_error);

    auto range = ft::as_completed_for(b.futures, 30ms);
    b.states[0]->set_value(0);
    b.states[1]->set_value(1);
    std::this_thread::sleep_for(60ms); // past the deadline, but both completed before it
    int n = 0;
    for ([[maybe_unused]] const ft::future<int>& f : range)
        ++n;
    BOOST_TEST(n == 2);
}

BOOST_AUTO_TEST_CASE(the_range_may_move_under_its_iterators)
{
    batch b(2);
    auto range = ft::as_completed(b.futures);
    b.states[0]->set_value(0);
    auto it = range.begin();
    auto moved = std::move(range);
    b.states[1]->set_value(1);
    ++it;
    BOOST_TEST(it->get() == 1);
    ++it;
    BOOST_TEST((it == moved.end()));
    BOOST_TEST((range.begin() == range.end())); // NOLINT(bugprone-use-after-move): a moved-from range is empty
}

BOOST_AUTO_TEST_CASE(an_abandoned_range_leaves_its_futures_working)
{
    batch b(3);
    {
        auto range = ft::as_completed(b.futures);
        b.states[0]->set_value(0);
        BOOST_TEST(range.begin()->get() == 0);
    }
    b.states[1]->set_value(1); // the range's callbacks find it gone
    BOOST_TEST(b.futures[1].get() == 1);
}

BOOST_AUTO_TEST_CASE(empty_input_and_a_future_without_a_state)
{
    auto range = ft::as_completed(std::vector<ft::future<int>>{});
    BOOST_TEST((range.begin() == range.end()));
    BOOST_CHECK_THROW(ft::as_completed(std::vector<ft::future<int>>{ft::future<int>()}), std::invalid_argument);
    BOOST_CHECK_THROW(ft::as_completed_for({ft::future<int>()}, 1s), std::invalid_argument);
}

} // namespace
