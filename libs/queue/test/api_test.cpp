//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The public surface of the queue module, exactly as DESIGN §4 and §4.1 spell
// it, for every spelling (threading::, multiprocessing::, facade) and several
// item types: return types, constness, the explicit constructor and its
// default, durations of any type and `_until` with any clock. Most checks are
// static_asserts; the case runs what only shows at run time (the defaults).

#include <freethreading/queue.hpp>

#include <freethreading/core/codec.hpp>

#include <freethreading_test/api_check.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace ft = freethreading;
namespace ftd = freethreading::detail;
using freethreading_test::api_sample::explicitly_constructible;
using freethreading_test::api_sample::internals_are_private;

namespace {

/** An aggregate item (DESIGN §5 rule 3). */
struct point
{
    int x = 0;
    std::string label;
};

// A handle (DESIGN §3): a copy refers to the same queue, so it is passed by value.
template <class Q>
constexpr bool is_handle = std::is_copy_constructible_v<Q> && std::is_copy_assignable_v<Q>;

// queue<T>: explicit queue(std::ptrdiff_t maxsize = 0), then the members of
// the table's `Queue` row; `std::size_t maxsize() const`.
template <class Q, class T>
constexpr bool queue_api()
{
    static_assert(explicitly_constructible<Q, std::ptrdiff_t>);
    static_assert(!std::is_convertible_v<std::ptrdiff_t, Q> && !std::is_convertible_v<int, Q>);
    static_assert(explicitly_constructible<Q>); // the default argument of the explicit constructor
    static_assert(is_handle<Q>);
    FT_API_RETURNS(Q, void, x.put(std::declval<const T&>()));
    FT_API_RETURNS(Q, void, x.put(std::declval<T&&>()));
    FT_API_RETURNS(Q, bool, x.try_put(std::declval<const T&>()));
    FT_API_RETURNS(Q, bool, x.try_put(std::declval<T&&>()));
    FT_API_RETURNS_FOR_DURATIONS(Q, bool, x.put_for(std::declval<const T&>(), d));
    FT_API_RETURNS_FOR_DURATIONS(Q, bool, x.put_for(std::declval<T&&>(), d));
    FT_API_RETURNS_FOR_TIME_POINTS(Q, bool, x.put_until(std::declval<const T&>(), t));
    FT_API_RETURNS(Q, T, x.get());
    FT_API_RETURNS(Q, std::optional<T>, x.try_get());
    FT_API_RETURNS_FOR_DURATIONS(Q, std::optional<T>, x.get_for(d));
    FT_API_RETURNS_FOR_TIME_POINTS(Q, std::optional<T>, x.get_until(t));
    FT_API_RETURNS(Q, void, x.task_done());
    FT_API_RETURNS(Q, void, x.join());
    FT_API_RETURNS_FOR_DURATIONS(Q, bool, x.join_for(d));
    FT_API_RETURNS(Q, std::size_t, cx.size());
    FT_API_RETURNS(Q, bool, cx.empty());
    FT_API_RETURNS(Q, bool, cx.full());
    FT_API_RETURNS(Q, std::size_t, cx.maxsize());
    static_assert(ft::queue_of<Q, T>);
    static_assert(internals_are_private<Q>());
    return true;
}

// simple_queue<T>: put, get, try_get, empty, and nothing of queue's bound,
// timed forms or task counting (Python's SimpleQueue).
template <class Q, class T>
constexpr bool simple_queue_api()
{
    static_assert(std::is_default_constructible_v<Q> && is_handle<Q>);
    static_assert(!std::is_constructible_v<Q, std::ptrdiff_t>); // no maxsize
    FT_API_RETURNS(Q, void, x.put(std::declval<const T&>()));
    FT_API_RETURNS(Q, void, x.put(std::declval<T&&>()));
    FT_API_RETURNS(Q, T, x.get());
    FT_API_RETURNS(Q, std::optional<T>, x.try_get());
    FT_API_RETURNS(Q, bool, cx.empty());
    FT_API_REJECTS(Q, x.task_done());
    FT_API_REJECTS(Q, x.get_for(std::chrono::seconds(1)));
    FT_API_REJECTS(Q, cx.size());
    static_assert(ft::simple_queue_of<Q, T> && !ft::queue_of<Q, T>);
    static_assert(internals_are_private<Q>());
    return true;
}

template <class T>
constexpr bool queue_api_of()
{
    static_assert(queue_api<ft::threading::queue<T>, T>());
    static_assert(queue_api<ft::multiprocessing::queue<T>, T>());
    static_assert(queue_api<ft::queue<T>, T>());
    static_assert(simple_queue_api<ft::threading::simple_queue<T>, T>());
    static_assert(simple_queue_api<ft::multiprocessing::simple_queue<T>, T>());
    static_assert(simple_queue_api<ft::simple_queue<T>, T>());
    return true;
}

static_assert(queue_api_of<int>());
static_assert(queue_api_of<std::string>());
static_assert(queue_api_of<std::vector<double>>());
static_assert(queue_api_of<point>());

// The item type: any movable T in process; a serializable T wherever the
// queue may cross processes (DESIGN §5), so facade code compiles on both backends.
template <template <class> class Q, class T>
concept queue_of_items = requires { typename Q<T>; };

template <class Q, class T>
constexpr bool move_only_queue_api()
{
    FT_API_RETURNS(Q, void, x.put(std::declval<T&&>()));
    FT_API_RETURNS(Q, bool, x.try_put(std::declval<T&&>()));
    FT_API_RETURNS_FOR_DURATIONS(Q, bool, x.put_for(std::declval<T&&>(), d));
    FT_API_RETURNS(Q, T, x.get());
    FT_API_RETURNS_FOR_DURATIONS(Q, std::optional<T>, x.get_for(d));
    return true;
}

static_assert(queue_of_items<ft::threading::queue, std::unique_ptr<int>>);
static_assert(move_only_queue_api<ft::threading::queue<std::unique_ptr<int>>, std::unique_ptr<int>>());
static_assert(!ft::serializable<std::unique_ptr<int>>);
// The multiprocessing and facade queues refuse such items from their class
// body, so that the first error names the type (compile_fail/ tests); the
// item concept says the same without instantiating them.
static_assert(!ftd::queue_item<std::unique_ptr<int>, ftd::shared_memory>);
static_assert(!ftd::queue_item<std::unique_ptr<int>, ftd::runtime>);
static_assert(!ftd::queue_item<int*, ftd::runtime>);
static_assert(ftd::queue_item<std::unique_ptr<int>, ftd::in_process>);

template <class Q>
void check_defaults()
{
    const Q q; // maxsize 0: unbounded
    BOOST_TEST(q.maxsize() == 0u);
    BOOST_TEST(q.size() == 0u);
    BOOST_TEST(q.empty());
    BOOST_TEST(!q.full());
    const Q bounded(3);
    BOOST_TEST(bounded.maxsize() == 3u);
}

} // namespace

BOOST_AUTO_TEST_CASE(default_maxsize_is_zero)
{
    check_defaults<ft::threading::queue<int>>();
    check_defaults<ft::multiprocessing::queue<int>>();
    check_defaults<ft::queue<int>>();
    const ft::simple_queue<std::string> s;
    BOOST_TEST(s.empty());
}
