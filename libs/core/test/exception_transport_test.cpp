//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The error model of DESIGN §4.2: which exceptions come back as themselves,
// in one process and across a real fork(), and what becomes remote_error.

#include <freethreading/core/detail/exception_transport.hpp>
#include <freethreading/core/errors.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/core/demangle.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <variant>
#include <vector>

namespace ft = freethreading;
namespace ftd = freethreading::detail;
using freethreading_test::run_in_child;

namespace {

struct my_error : std::runtime_error { using runtime_error::runtime_error; };

// Registered in the parent at load time, so every child inherits it.
struct registered_error : std::runtime_error { using runtime_error::runtime_error; };

// Registered only inside children.
struct child_registered_error : std::logic_error { using logic_error::logic_error; };

[[maybe_unused]] const bool registered = (ft::register_exception<registered_error>(), true);

struct refuses_construction
{
    explicit refuses_construction(int) { throw 0; }
    ~refuses_construction() {} // not trivially copyable: emplace() can leave a variant valueless
};

using thrower = void (*)();

// Every type rebuilt as itself, thrown where possible by the operation that
// throws it in real code, so that what() is the standard library's own.
const thrower rebuilt_throwers[] = {
    [] { throw std::exception(); },
    [] { throw std::logic_error("logic"); }, [] { throw std::domain_error("domain"); },
    [] { throw std::invalid_argument("invalid argument"); },
    [] { std::string().reserve(std::string().max_size() + 1); },
    [] { (void)std::vector<int>().at(3); }, [] { throw std::runtime_error("runtime"); },
    [] { throw std::range_error("range"); }, [] { throw std::overflow_error("overflow"); },
    [] { throw std::underflow_error("underflow"); }, [] { throw std::bad_alloc(); },
    [] { throw std::bad_array_new_length(); }, [] { throw std::bad_cast(); },
    [] { throw std::bad_typeid(); },
    [] { (void)std::optional<int>().value(); },
    [] { (void)std::get<char>(std::variant<int, char>()); },
    [] {
        std::variant<char, refuses_construction> v;
        try { v.emplace<1>(0); } catch (int) {} // leaves v valueless
        std::visit([](auto&) {}, v);
    },
    [] { std::function<void()>()(); },
    [] { (void)std::shared_ptr<int>(std::weak_ptr<int>()); },
    [] { throw std::system_error(std::make_error_code(std::errc::invalid_argument), "parse"); },
    [] { throw std::system_error(std::make_error_code(std::errc::timed_out)); },
    [] { throw std::system_error(EACCES, std::system_category(), "open /etc/shadow"); },
    [] { throw std::system_error(ENOENT, std::system_category()); },
    [] { throw ft::error("error"); }, [] { throw ft::timeout_error("timeout"); },
    [] { throw ft::broken_barrier_error("broken barrier"); },
    [] { throw ft::broken_pool_error("broken pool"); },
    [] { throw ft::cancelled_error("cancelled"); }, [] { throw ft::owner_died_error("died"); },
    [] { throw ft::decode_error("decode"); },
    [] { throw ft::remote_error("some::user_type", "from afar"); },
    [] { throw ft::segment_exhausted_error(1 << 20, 4096); },
    [] { throw registered_error("registered"); },
};

// Everything else, with a part of the name remote_error::type_name() gives.
const thrower remote_throwers[] = {
    [] { throw my_error("mine"); },
    [] { throw 42; },
    [] { throw std::system_error(std::make_error_code(std::future_errc::no_state), "future"); },
    [] { throw child_registered_error("registered over there only"); },
};
const char* const remote_names[] = {"my_error", "int", "std::system_error", "child_registered"};

template <class F>
std::exception_ptr thrown_by(F f)
{
    try { f(); } catch (...) { return std::current_exception(); }
    return nullptr;
}

// The exception an exception_ptr holds, if it is an E; the pointer stays
// valid while the exception_ptr lives (rethrowing does not copy).
template <class E>
const E* as(const std::exception_ptr& p)
{
    try { std::rethrow_exception(p); } catch (const E& e) { return &e; } catch (...) {}
    return nullptr;
}

std::string exact_type(const std::exception_ptr& p)
{
    const auto* e = as<std::exception>(p);
    return e != nullptr ? boost::core::demangle(typeid(*e).name()) : "not a std::exception";
}

void check_same(const std::exception_ptr& original, const std::exception_ptr& rebuilt)
{
    BOOST_TEST_CONTEXT(exact_type(original))
    {
        BOOST_TEST_REQUIRE(exact_type(rebuilt) == exact_type(original));
        BOOST_TEST(std::string(as<std::exception>(rebuilt)->what()) ==
                   as<std::exception>(original)->what());
        if (const auto* s = as<std::system_error>(original)) {
            BOOST_TEST(as<std::system_error>(rebuilt)->code().value() == s->code().value());
            BOOST_TEST((as<std::system_error>(rebuilt)->code().category() == s->code().category()));
        }
        if (const auto* s = as<ft::segment_exhausted_error>(original)) {
            BOOST_TEST(as<ft::segment_exhausted_error>(rebuilt)->requested() == s->requested());
            BOOST_TEST(as<ft::segment_exhausted_error>(rebuilt)->available() == s->available());
        }
        if (const auto* r = as<ft::remote_error>(original))
            BOOST_TEST(as<ft::remote_error>(rebuilt)->type_name() == r->type_name());
    }
}

void check_remote(const std::exception_ptr& original, const std::exception_ptr& result,
                  const char* type_part)
{
    BOOST_TEST_CONTEXT(type_part)
    {
        const auto* r = as<ft::remote_error>(result);
        BOOST_TEST_REQUIRE(r != nullptr);
        BOOST_TEST(r->type_name().find(type_part) != std::string::npos);
        const auto* e = as<std::exception>(original);
        BOOST_TEST(std::string(r->what()) == (e != nullptr ? e->what() : "exception of type int"));
    }
}

// A record crosses the pipe field by field, as the codec would send it: each
// field as `<length>:<bytes>`, the integers in decimal.
std::string encode(const ftd::exception_record& r)
{
    std::string out;
    for (const std::string& f : {r.type_name, r.what, r.remote_type, std::to_string(r.value),
                                 std::to_string(r.extra), std::to_string(r.category)})
        out += std::to_string(f.size()) + ':' + f;
    return out;
}

std::string take(const std::string& in, std::size_t& at)
{
    const std::size_t colon = in.find(':', at);
    const std::size_t n = std::stoul(in.substr(at, colon - at));
    at = colon + 1 + n;
    return in.substr(colon + 1, n);
}

// A braced list is evaluated left to right, so the fields are taken in order.
ftd::exception_record decode(const std::string& in, std::size_t& at)
{
    return {take(in, at), take(in, at), take(in, at), std::stoll(take(in, at)),
            std::stoll(take(in, at)), static_cast<std::uint8_t>(std::stoi(take(in, at)))};
}

// Runs `setup` and then each thrower in a forked child, which captures what
// it throws; returns the records the parent reads from a pipe.
template <std::size_t N>
std::vector<ftd::exception_record> captured_in_child(const thrower (&throwers)[N],
                                                    void (*setup)() = [] {})
{
    int fds[2];
    BOOST_TEST_REQUIRE(::pipe(fds) == 0);
    const pid_t pid = freethreading_test::start_child([&] {
        ::close(fds[0]);
        setup();
        std::string out;
        for (const thrower t : throwers)
            out += encode(ftd::capture_exception(thrown_by(t)));
        // A blocking write to a pipe is never short unless a signal interrupts it.
        return ::write(fds[1], out.data(), out.size()) == static_cast<ssize_t>(out.size());
    });
    ::close(fds[1]);
    std::string in;
    char buffer[4096];
    for (ssize_t k; (k = ::read(fds[0], buffer, sizeof buffer)) > 0;)
        in.append(buffer, static_cast<std::size_t>(k));
    ::close(fds[0]);
    BOOST_TEST_REQUIRE(freethreading_test::wait_child(pid).exited_with(0));
    std::vector<ftd::exception_record> records;
    for (std::size_t at = 0; records.size() < N && at < in.size();)
        records.push_back(decode(in, at));
    BOOST_TEST_REQUIRE(records.size() == N);
    return records;
}

} // namespace

BOOST_AUTO_TEST_CASE(listed_types_are_rebuilt_in_process_and_pass_threads_unchanged)
{
    for (const thrower t : rebuilt_throwers) {
        const std::exception_ptr original = thrown_by(t);
        check_same(original, ftd::rebuild_exception(ftd::capture_exception(original)));
        // The threading backend hands over the very same exception object.
        const std::exception_ptr result = ftd::transport_in_process(original);
        BOOST_TEST((result == original));
        BOOST_TEST(as<std::exception>(result) == as<std::exception>(original));
    }
}

BOOST_AUTO_TEST_CASE(listed_types_are_rebuilt_across_a_fork)
{
    const auto records = captured_in_child(rebuilt_throwers);
    for (std::size_t i = 0; i < records.size(); ++i)
        check_same(thrown_by(rebuilt_throwers[i]),
                   thrown_by([&] { ftd::rethrow_exception_record(records[i]); }));
}

BOOST_AUTO_TEST_CASE(other_types_become_remote_error_in_process_and_across_a_fork)
{
    // The child registers child_registered_error; this process has not, so
    // it cannot rebuild one and makes it a remote_error too.
    const auto records = captured_in_child(
        remote_throwers, [] { ft::register_exception<child_registered_error>(); });
    for (std::size_t i = 0; i < records.size(); ++i) {
        const std::exception_ptr original = thrown_by(remote_throwers[i]);
        check_remote(original, ftd::rebuild_exception(records[i]), remote_names[i]);
        check_remote(original, ftd::rebuild_exception(ftd::capture_exception(original)),
                     remote_names[i]);
    }
}

BOOST_AUTO_TEST_CASE(registration_makes_a_user_type_rebuilt)
{
    auto s = run_in_child([] {
        const auto p = std::make_exception_ptr(child_registered_error("x"));
        const bool before = as<ft::remote_error>(ftd::rebuild_exception(ftd::capture_exception(p)));
        ft::register_exception<child_registered_error>();
        const std::exception_ptr q = ftd::rebuild_exception(ftd::capture_exception(p));
        return before && exact_type(q) == exact_type(p) &&
               std::string(as<std::exception>(q)->what()) == "x" &&
               ftd::transport_in_process(p) == p;
    });
    BOOST_TEST(s.exited_with(0));
}

BOOST_AUTO_TEST_CASE(transport_in_process_nests_other_types_in_remote_error)
{
    for (std::size_t i = 0; i < std::size(remote_throwers); ++i) {
        const std::exception_ptr original = thrown_by(remote_throwers[i]);
        const std::exception_ptr result = ftd::transport_in_process(original);
        check_remote(original, result, remote_names[i]);
        const ft::remote_error& remote = *as<ft::remote_error>(result);
        BOOST_TEST((thrown_by([&] { std::rethrow_if_nested(remote); }) == original));
        // Already a remote_error, it passes threads and processes as one.
        BOOST_TEST((ftd::transport_in_process(result) == result));
        const std::exception_ptr rebuilt = ftd::rebuild_exception(ftd::capture_exception(result));
        BOOST_TEST(exact_type(rebuilt) == "freethreading::remote_error");
        BOOST_TEST(as<ft::remote_error>(rebuilt)->type_name() == remote.type_name());
    }
}

#if !defined(__SANITIZE_THREAD__) // TSan does not support fork() of a threaded process
BOOST_AUTO_TEST_CASE(registry_is_never_inherited_locked)
{
    // Another thread keeps taking the registry's lock while this one forks;
    // without the fork hooks a child would now and then inherit it locked.
    std::atomic<bool> stop{false};
    std::thread registrar([&] { while (!stop.load()) ft::register_exception<registered_error>(); });
    for (int i = 0; i < 50; ++i) {
        auto s = run_in_child([] {
            ::alarm(10); // a deadlock fails the test instead of hanging it
            ft::register_exception<child_registered_error>();
            const auto p = std::make_exception_ptr(child_registered_error("x"));
            return ftd::transport_in_process(p) == p;
        });
        BOOST_TEST(s.exited_with(0));
    }
    stop.store(true);
    registrar.join();
}
#endif
