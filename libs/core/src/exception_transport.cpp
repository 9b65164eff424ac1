//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/detail/exception_transport.hpp>
#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>

#include <cstdlib>
#include <cxxabi.h>
#include <functional> // std::bad_function_call
#include <memory>
#include <mutex>
#include <optional> // std::bad_optional_access
#include <stdexcept>
#include <string>
#include <system_error>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <variant>

namespace freethreading::detail {

namespace {

// The registry of the types register_exception<E>() opts in.
struct exception_registry
{
    // Not a shared_mutex: glibc's rwlock remembers its writer's thread id, so
    // the child of a fork (a new id) cannot release it in the atfork handler.
    std::mutex& mutex = make_fork_guard();
    std::unordered_map<std::string, exception_factory> factories;
};

// Leaked on purpose: a task may finish, and its exception be captured, while
// static destructors run at exit.
exception_registry& registry()
{
    static exception_registry* const instance = new exception_registry;
    return *instance;
}

std::mutex& registry_mutex()
{
    return registry().mutex;
}

// Held across fork() so that a child never inherits it locked by a thread
// that does not exist there. registry() runs first so that no hook allocates.
[[maybe_unused]] const bool registry_fork_hooks =
    (registry(), register_fork_guard<registry_mutex>());

exception_factory find_registered(const std::string& key)
{
    exception_registry& r = registry();
    std::lock_guard<std::mutex> guard(r.mutex);
    const auto it = r.factories.find(key);
    return it == r.factories.end() ? nullptr : it->second;
}

using builder = std::exception_ptr (*)(const exception_record&);

template <class E>
std::exception_ptr build_as(const exception_record& r)
{
    if constexpr (std::is_constructible_v<E, const std::string&>)
        return std::make_exception_ptr(E(r.what));
    else // one fixed what() per type in libstdc++, so the default one is it
        return std::make_exception_ptr(E());
}

template <>
std::exception_ptr build_as<remote_error>(const exception_record& r)
{
    return std::make_exception_ptr(remote_error(r.remote_type, r.what));
}

template <>
std::exception_ptr build_as<segment_exhausted_error>(const exception_record& r)
{
    return std::make_exception_ptr(segment_exhausted_error(static_cast<std::size_t>(r.value),
                                                           static_cast<std::size_t>(r.extra)));
}

const std::error_category* category_of(std::uint8_t id) noexcept
{
    return id == 1 ? &std::generic_category() : id == 2 ? &std::system_category() : nullptr;
}

std::uint8_t category_id(const std::error_category& c) noexcept
{
    return c == std::generic_category() ? 1 : c == std::system_category() ? 2 : 0;
}

template <>
std::exception_ptr build_as<std::system_error>(const exception_record& r)
{
    const std::error_category* category = category_of(r.category);
    if (category == nullptr)
        return build_as<remote_error>(r);
    const std::error_code code(static_cast<int>(r.value), *category);
    // libstdc++ makes what() either the code's message alone or
    // `what_arg + ": " + message`; undo that so the rebuilt what() is equal.
    const std::string message = code.message();
    if (r.what == message)
        return std::make_exception_ptr(std::system_error(code));
    const std::string tail = ": " + message;
    if (r.what.size() >= tail.size() &&
        r.what.compare(r.what.size() - tail.size(), tail.size(), tail) == 0)
        return std::make_exception_ptr(
            std::system_error(code, r.what.substr(0, r.what.size() - tail.size())));
    // Not built by libstdc++'s constructors: the type and code matter more.
    return std::make_exception_ptr(std::system_error(code, r.what));
}

// libstdc++ gives a bad_variant_access its reason only from inside the
// operation that failed, so the reason is reproduced by failing the same way.
struct refuses_construction
{
    struct refusal {};
    explicit refuses_construction(int) { throw refusal{}; }
    // User-provided, so the type is not trivially copyable and emplace()
    // builds it in place, leaving the variant valueless when it throws.
    ~refuses_construction() {}
};

using breakable_variant = std::variant<int, refuses_construction>;

void make_valueless(breakable_variant& v)
{
    try {
        v.emplace<1>(0);
    } catch (const refuses_construction::refusal&) {
    }
}

template <>
std::exception_ptr build_as<std::bad_variant_access>(const exception_record& r)
{
    void (*const failures[])() = {
        [] { std::variant<int, char> v; (void)std::get<1>(v); },
        [] { breakable_variant v; make_valueless(v); (void)std::get<0>(v); },
        [] { breakable_variant v; make_valueless(v); std::visit([](auto&) {}, v); },
        [] { breakable_variant v; make_valueless(v); std::visit<void>([](auto&) {}, v); },
    };
    for (const auto fail : failures) {
        try {
            fail();
        } catch (const std::bad_variant_access& e) {
            if (r.what == e.what())
                return std::current_exception();
        }
    }
    return std::make_exception_ptr(std::bad_variant_access());
}

template <class... E>
struct type_list
{
};

// Every type DESIGN §4.2 rebuilds without registration.
using builtin_types = type_list<
    std::exception, std::logic_error, std::domain_error, std::invalid_argument, std::length_error,
    std::out_of_range, std::runtime_error, std::range_error, std::overflow_error,
    std::underflow_error, std::bad_alloc, std::bad_array_new_length, std::bad_cast,
    std::bad_typeid, std::bad_optional_access, std::bad_variant_access, std::bad_function_call,
    std::bad_weak_ptr, std::system_error, error, timeout_error, broken_barrier_error,
    broken_pool_error, cancelled_error, owner_died_error, decode_error, remote_error,
    segment_exhausted_error>;

template <class... E>
builder find_in(type_list<E...>, const std::string& key) noexcept
{
    builder found = nullptr;
    (void)((key == typeid(E).name() && (found = build_as<E>, true)) || ...);
    return found;
}

// Whether the record's type comes back as itself in this process.
bool rebuilt_as_itself(const exception_record& r)
{
    if (r.type_name == typeid(std::system_error).name())
        return category_of(r.category) != nullptr;
    return find_in(builtin_types{}, r.type_name) != nullptr ||
           find_registered(r.type_name) != nullptr;
}

std::string demangle(const char* mangled)
{
    int status = 0;
    const std::unique_ptr<char, void (*)(void*)> name(
        abi::__cxa_demangle(mangled, nullptr, nullptr, &status), std::free);
    return status == 0 && name ? std::string(name.get()) : std::string(mangled);
}

// std::throw_with_nested makes an unnamed type deriving from remote_error and
// std::nested_exception; it still stands for a remote_error.
const remote_error* as_remote_error(const std::exception& e) noexcept
{
    const auto* remote = dynamic_cast<const remote_error*>(&e);
    if (remote != nullptr &&
        (typeid(e) == typeid(remote_error) || dynamic_cast<const std::nested_exception*>(&e)))
        return remote;
    return nullptr;
}

// Like capture_exception, but lets std::bad_alloc out.
exception_record describe(const std::exception_ptr& e)
{
    if (!e)
        return {typeid(remote_error).name(), "no exception (a null pointer)", "std::nullptr_t"};
    exception_record r;
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& x) {
        r.what = x.what();
        if (const remote_error* remote = as_remote_error(x)) {
            r.type_name = typeid(remote_error).name();
            r.remote_type = remote->type_name();
            return r;
        }
        r.type_name = typeid(x).name();
        r.remote_type = demangle(r.type_name.c_str());
        if (const auto* s = dynamic_cast<const std::system_error*>(&x)) {
            r.value = s->code().value();
            r.category = category_id(s->code().category());
        } else if (const auto* s = dynamic_cast<const segment_exhausted_error*>(&x)) {
            r.value = static_cast<std::int64_t>(s->requested());
            r.extra = static_cast<std::int64_t>(s->available());
        }
    } catch (...) {
        r.type_name = abi::__cxa_current_exception_type()->name();
        r.remote_type = demangle(r.type_name.c_str());
        r.what = "exception of type " + r.remote_type;
    }
    return r;
}

} // namespace

void register_exception_type(const std::type_info& type, exception_factory make)
{
    exception_registry& r = registry();
    std::lock_guard<std::mutex> guard(r.mutex);
    r.factories.insert_or_assign(std::string(type.name()), make);
}

exception_record capture_exception(std::exception_ptr e) noexcept
{
    try {
        return describe(e);
    } catch (...) {
        // Every string here fits libstdc++'s small-string buffer, so building
        // this record allocates nothing.
        exception_record r;
        r.type_name = typeid(std::bad_alloc).name();
        r.what = "std::bad_alloc";
        r.remote_type = "std::bad_alloc";
        return r;
    }
}

std::exception_ptr rebuild_exception(const exception_record& r)
{
    if (const builder build = find_in(builtin_types{}, r.type_name))
        return build(r);
    if (const exception_factory make = find_registered(r.type_name))
        return make(r.what.c_str());
    return build_as<remote_error>(r);
}

void rethrow_exception_record(const exception_record& r)
{
    std::rethrow_exception(rebuild_exception(r));
}

std::exception_ptr transport_in_process(std::exception_ptr e) noexcept
{
    if (!e)
        return e;
    try {
        const exception_record r = describe(e);
        if (rebuilt_as_itself(r))
            return e;
        try {
            std::rethrow_exception(e);
        } catch (...) {
            // Thrown while the original is being handled, so it is nested.
            std::throw_with_nested(remote_error(r.remote_type, r.what));
        }
    } catch (...) {
        return std::current_exception();
    }
}

} // namespace freethreading::detail
