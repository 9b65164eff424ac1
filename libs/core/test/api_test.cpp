//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The public surface of the core module, exactly as DESIGN §1, §4.1, §4.2 and
// §5 spell it: the backend enum and its functions, the error classes, the
// `serializable` concept and `register_exception`. Most checks are
// static_asserts; the cases run what only shows at run time (messages, the
// virtual what(), the resolved backend).

#include <freethreading/core.hpp>

#include <freethreading/core/backend.hpp>
#include <freethreading/core/errors.hpp>

#include <freethreading_test/api_check.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ft = freethreading;

namespace {

// enum class backend : unsigned char { threading, multiprocessing };
static_assert(std::is_enum_v<ft::backend>);
static_assert(!std::is_convertible_v<ft::backend, int>); // scoped
static_assert(std::is_same_v<std::underlying_type_t<ft::backend>, unsigned char>);
static_assert(static_cast<unsigned char>(ft::backend::threading) == 0);
static_assert(static_cast<unsigned char>(ft::backend::multiprocessing) == 1);

// constexpr std::string_view to_string(backend) noexcept;
static_assert(std::is_same_v<decltype(ft::to_string(ft::backend::threading)), std::string_view>);
static_assert(noexcept(ft::to_string(ft::backend::threading)));
static_assert(ft::to_string(ft::backend::threading) == "threading"); // usable in constant expressions
static_assert(ft::to_string(ft::backend::multiprocessing) == "multiprocessing");

// get_backend() → backend; set_backend(b), which takes a backend and nothing else.
static_assert(std::is_same_v<decltype(ft::get_backend()), ft::backend>);
static_assert(std::is_same_v<decltype(ft::set_backend(ft::backend::threading)), void>);
template <class B>
concept backend_argument = requires(B b) { ft::set_backend(b); };
static_assert(backend_argument<ft::backend> && !backend_argument<int> && !backend_argument<const char*>);

// class error : public std::runtime_error { using runtime_error::runtime_error; };
static_assert(std::derived_from<ft::error, std::runtime_error>);
static_assert(std::is_constructible_v<ft::error, const std::string&>);
static_assert(std::is_constructible_v<ft::error, const char*>);

// The errors derived from error, each with error's constructors.
template <class E>
constexpr bool is_library_error()
{
    return std::derived_from<E, ft::error> && std::is_constructible_v<E, const std::string&> &&
           std::is_constructible_v<E, const char*>;
}
static_assert(is_library_error<ft::timeout_error>());
static_assert(is_library_error<ft::broken_barrier_error>());
static_assert(is_library_error<ft::broken_pool_error>());
static_assert(is_library_error<ft::cancelled_error>());
static_assert(is_library_error<ft::owner_died_error>());

// class remote_error : public error { remote_error(std::string type_name, std::string what);
//                                     const std::string& type_name() const noexcept; };
template <class E>
constexpr bool remote_error_api()
{
    static_assert(std::derived_from<E, ft::error>);
    static_assert(std::is_constructible_v<E, std::string, std::string>);
    FT_API_RETURNS(E, const std::string&, cx.type_name());
    FT_API_NOEXCEPT(E, cx.type_name());
    return true;
}
static_assert(remote_error_api<ft::remote_error>());

// class segment_exhausted_error : public std::bad_alloc {
//     segment_exhausted_error(std::size_t requested, std::size_t available);
//     const char* what() const noexcept override; };
template <class E>
constexpr bool segment_exhausted_error_api()
{
    static_assert(std::derived_from<E, std::bad_alloc>);
    static_assert(std::is_constructible_v<E, std::size_t, std::size_t>);
    FT_API_RETURNS(E, const char*, cx.what());
    FT_API_NOEXCEPT(E, cx.what());
    return true;
}
static_assert(segment_exhausted_error_api<ft::segment_exhausted_error>());

// serializable<T> is a public concept (DESIGN §5): usable in static_assert
// and as a constraint.
struct aggregate
{
    int id = 0;
    std::string name;
};
template <ft::serializable T>
constexpr bool constrained_on_serializable = true;
static_assert(ft::serializable<int> && ft::serializable<std::string> && ft::serializable<std::vector<aggregate>>);
static_assert(constrained_on_serializable<aggregate>);
static_assert(!ft::serializable<int*> && !ft::serializable<std::string_view>);

// register_exception<E>() for E constructible from const char*.
struct user_error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};
struct no_message_error : std::exception
{
};
template <class E>
concept registrable = requires { ft::register_exception<E>(); };
static_assert(registrable<user_error>);
static_assert(std::is_same_v<decltype(ft::register_exception<user_error>()), void>);
static_assert(!registrable<no_message_error>);

} // namespace

BOOST_AUTO_TEST_CASE(backend_functions)
{
    BOOST_TEST(ft::to_string(ft::backend::threading) == "threading");
    BOOST_TEST(ft::to_string(ft::backend::multiprocessing) == "multiprocessing");
    // ctest and b2 run this program under FREETHREADING_BACKEND.
    const char* env = std::getenv("FREETHREADING_BACKEND");
    const ft::backend b = ft::get_backend();
    if (env != nullptr)
        BOOST_TEST(ft::to_string(b) == std::string_view(env));
    ft::set_backend(b); // the resolved backend again: a no-op
    BOOST_TEST((ft::get_backend() == b));
}

BOOST_AUTO_TEST_CASE(error_messages)
{
    BOOST_TEST(std::string(ft::timeout_error("late").what()) == "late");
    const ft::remote_error remote("my::error", "the original what()");
    BOOST_TEST(std::string(remote.what()) == "the original what()");
    BOOST_TEST(remote.type_name() == "my::error");
    const ft::segment_exhausted_error full(4096, 100);
    const std::bad_alloc& as_bad_alloc = full;
    BOOST_TEST(as_bad_alloc.what() == full.what()); // overrides std::bad_alloc::what()
    BOOST_TEST(std::string(full.what()).find("4096") != std::string::npos);
    ft::register_exception<user_error>();
}
