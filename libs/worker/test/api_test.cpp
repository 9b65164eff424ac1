//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The public surface of the worker module, exactly as DESIGN §4 and §4.1
// spell it, for every spelling (threading::, multiprocessing::, facade): the
// constrained constructors, the options and info aggregates with designated
// initializers, return types and constness of every member, and the free
// functions. Most checks are static_asserts; the cases run what only shows
// at run time (defaults, a const worker's exit code, the main worker's name).

#include <freethreading/worker.hpp>

#include <freethreading/core/backend.hpp>

#include <freethreading_test/api_check.hpp>
#include <freethreading_test/printing.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <unistd.h>

namespace ft = freethreading;

namespace {

// using ident_type = std::int64_t; the two aggregates, every member with a
// default member initializer (so designated initializers compile under -Wextra).
static_assert(std::is_same_v<ft::ident_type, std::int64_t>);
static_assert(std::is_aggregate_v<ft::worker_options>);
static_assert(std::is_same_v<decltype(ft::worker_options::name), std::string>);
static_assert(std::is_same_v<decltype(ft::worker_options::daemon), bool>);
static_assert(requires { ft::worker_options{.name = "x", .daemon = true}; });
static_assert(requires { ft::worker_options{.daemon = true}; });
static_assert(std::is_aggregate_v<ft::worker_info>);
static_assert(std::is_same_v<decltype(ft::worker_info::name), std::string>);
static_assert(std::is_same_v<decltype(ft::worker_info::ident), ft::ident_type>);
static_assert(std::is_same_v<decltype(ft::worker_info::daemon), bool>);
static_assert(std::is_same_v<decltype(ft::worker_info::alive), bool>);
static_assert(requires { ft::worker_info{.name = "x", .ident = 1, .daemon = true, .alive = true}; });

// The free functions, returning worker_info values.
static_assert(std::is_same_v<decltype(ft::get_ident()), ft::ident_type>);
static_assert(noexcept(ft::get_ident()));
static_assert(std::is_same_v<decltype(ft::current_worker()), ft::worker_info>);
static_assert(std::is_same_v<decltype(ft::active_children()), std::vector<ft::worker_info>>);
static_assert(std::is_same_v<decltype(ft::enumerate()), std::vector<ft::worker_info>>);
static_assert(std::is_same_v<decltype(ft::active_count()), std::size_t>);

// Targets: a function pointer, a class (a lambda's stand-in in an
// unevaluated operand), with arguments, and taking a stop token first.
struct task
{
    void operator()() const {}
};

template <class Token>
struct stoppable_task
{
    void operator()(Token, int) const {}
};

// worker(f, args…) / worker(worker_options{.name, .daemon}, f, args…),
// constrained so that `W w2(w)` stays a copy; then every member of the row.
template <class W, class Token>
constexpr bool worker_api()
{
    static_assert(std::is_constructible_v<W, void (*)()>);
    static_assert(std::is_constructible_v<W, task>);
    static_assert(std::is_constructible_v<W, void (*)(int, const std::string&), int, const char*>);
    static_assert(std::is_constructible_v<W, ft::worker_options, task>);
    static_assert(std::is_constructible_v<W, ft::worker_options, void (*)(int), int>);
    static_assert(requires { W(ft::worker_options{.name = "x", .daemon = true}, task{}); });
    static_assert(std::is_constructible_v<W, void (*)(Token)>); // receives the stop token, as std::jthread
    static_assert(std::is_constructible_v<W, stoppable_task<Token>, int>);
    static_assert(std::is_constructible_v<W, ft::worker_options, stoppable_task<Token>, int>);
    // Not invocable: no constructor (so the forwarding one cannot hijack a copy).
    static_assert(!std::is_constructible_v<W, int>);
    static_assert(!std::is_constructible_v<W, void (*)(int)>);
    static_assert(!std::is_constructible_v<W, W&, int>);
    static_assert(std::is_copy_constructible_v<W> && std::is_copy_assignable_v<W>);

    FT_API_RETURNS(W, void, x.start());
    FT_API_RETURNS(W, void, x.join());
    FT_API_RETURNS_FOR_DURATIONS(W, bool, x.join_for(d));
    FT_API_RETURNS_FOR_TIME_POINTS(W, bool, x.join_until(t));
    FT_API_RETURNS(W, bool, x.is_alive());
    FT_API_RETURNS(W, std::string, cx.name());
    FT_API_RETURNS(W, void, x.set_name(std::string("x")));
    FT_API_RETURNS(W, void, x.set_name("x"));
    FT_API_RETURNS(W, bool, cx.daemon());
    FT_API_RETURNS(W, void, x.set_daemon(true));
    FT_API_RETURNS(W, std::optional<ft::ident_type>, cx.ident());
    FT_API_RETURNS(W, std::optional<int>, cx.exitcode());
    FT_API_RETURNS(W, void, x.request_stop());
    FT_API_COMPILES(W, cx.native_handle());
    static_assert(ft::worker_like<W>);
    return true;
}

static_assert(worker_api<ft::threading::worker, ft::threading::stop_token>());
static_assert(worker_api<ft::multiprocessing::worker, ft::multiprocessing::stop_token>());
static_assert(worker_api<ft::worker, ft::stop_token>());

// multiprocessing::worker also terminate() and kill(); a thread has neither.
template <class W>
constexpr bool process_worker_api()
{
    FT_API_RETURNS(W, void, x.terminate());
    FT_API_RETURNS(W, void, x.kill());
    return true;
}

template <class W>
constexpr bool thread_worker_api()
{
    FT_API_REJECTS(W, x.terminate());
    FT_API_REJECTS(W, x.kill());
    return true;
}

static_assert(process_worker_api<ft::multiprocessing::worker>());
static_assert(thread_worker_api<ft::threading::worker>());

// A worker that ran to its end, asked through a const reference.
template <class W>
void check_const_queries()
{
    W w(ft::worker_options{.name = "Const"}, [] {});
    const W& cw = w;
    BOOST_TEST(!cw.exitcode().has_value()); // empty until it ends
    BOOST_TEST(!cw.ident().has_value());
    w.start();
    w.join();
    BOOST_TEST(cw.exitcode() == std::optional<int>(0));
    BOOST_TEST(cw.ident().has_value());
    BOOST_TEST(cw.name() == "Const");
    BOOST_TEST(!cw.daemon());
}

} // namespace

BOOST_AUTO_TEST_CASE(options_and_info_defaults)
{
    const ft::worker_options options{};
    BOOST_TEST(options.name.empty());
    BOOST_TEST(!options.daemon);
    const ft::worker_info info{};
    BOOST_TEST(info.name.empty());
    BOOST_TEST(info.ident == 0);
    BOOST_TEST(!info.daemon);
    BOOST_TEST(!info.alive);
}

BOOST_AUTO_TEST_CASE(main_worker_and_free_functions)
{
    const ft::worker_info me = ft::current_worker();
    const bool processes = ft::get_backend() == ft::backend::multiprocessing;
    BOOST_TEST(me.name == (processes ? "MainProcess" : "MainThread"));
    BOOST_TEST(ft::get_ident() == ::getpid()); // the main thread: the pid on both backends
    BOOST_TEST(ft::active_count() == ft::enumerate().size());
}

BOOST_AUTO_TEST_CASE(exitcode_of_a_const_worker)
{
    check_const_queries<ft::threading::worker>();
    check_const_queries<ft::multiprocessing::worker>();
    check_const_queries<ft::worker>();
}
