//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Task ids (DESIGN §8): a function of the test program and one of the core
// library round-trip, also in a freshly executed copy of this program (other
// load addresses); another build and an offset outside the object's code are
// refused with a task_id_error saying which; addresses that are not code get
// no id.

#include <freethreading/core/detail/task_id.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>
#include <freethreading/core/ipc/process_spawner.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

namespace ftd = freethreading::detail;
using reason = ftd::task_id_error::reason_type;

int twice(int x)
{
    return 2 * x;
}

int some_data = 1;

template <class F>
reason refusal_of(F f)
{
    try {
        f();
    } catch (const ftd::task_id_error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.reason();
    }
    return reason{};
}

bool mentions(const ftd::task_id_error& e, const std::string& text)
{
    return std::string(e.what()).find(text) != std::string::npos;
}

std::string to_hex(const ftd::task_id& id)
{
    std::string out;
    const auto* bytes = reinterpret_cast<const unsigned char*>(&id);
    for (std::size_t i = 0; i < sizeof id; ++i) {
        static constexpr char digits[] = "0123456789abcdef";
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xf];
    }
    return out;
}

ftd::task_id from_hex(const char* text)
{
    ftd::task_id id;
    auto* bytes = reinterpret_cast<unsigned char*>(&id);
    BOOST_TEST_REQUIRE(std::strlen(text) == 2 * sizeof id);
    for (std::size_t i = 0; i < sizeof id; ++i)
        bytes[i] = static_cast<unsigned char>(std::stoi(std::string(text + 2 * i, 2), nullptr, 16));
    return id;
}

constexpr const char* main_id_variable = "FREETHREADING_TEST_MAIN_TASK_ID";
constexpr const char* core_id_variable = "FREETHREADING_TEST_CORE_TASK_ID";

} // namespace

BOOST_AUTO_TEST_CASE(a_function_of_the_test_program_round_trips)
{
    const ftd::task_id& id = ftd::task_id_of<&twice>();
    BOOST_TEST((id.object == ftd::task_object::main_program));
    BOOST_TEST(id.build_id_size >= 16); // GNU ld: md5 or uuid 16, sha1 20
    BOOST_TEST(id.origin_address == reinterpret_cast<std::uintptr_t>(&twice));
    BOOST_TEST(&ftd::task_id_of<&twice>() == &id); // made once
    BOOST_TEST(ftd::resolve_task_id(id) == id.origin_address);
    BOOST_TEST(ftd::resolve_task_id_as<int(int)>(id)(21) == 42);
    BOOST_TEST(ftd::to_string(id).rfind("main program+0x", 0) == 0);
}

BOOST_AUTO_TEST_CASE(a_function_of_the_core_library_round_trips)
{
    const ftd::task_id& id = ftd::task_id_of<&ftd::this_process_id>();
    BOOST_TEST((id.object == ftd::task_object::shared_object));
    BOOST_TEST(id.origin_address == reinterpret_cast<std::uintptr_t>(&ftd::this_process_id));
    BOOST_TEST(ftd::resolve_task_id(id) == id.origin_address);
    BOOST_TEST(ftd::resolve_task_id_as<std::int32_t() noexcept>(id)() == ::getpid());
    // Another function of the same library: same build id, another offset.
    const ftd::task_id& other = ftd::task_id_of<&ftd::flush_pending_output>();
    BOOST_TEST((other.build_id == id.build_id));
    BOOST_TEST(other.offset != id.offset);
    BOOST_TEST(!(other == id));
}

BOOST_AUTO_TEST_CASE(equality_ignores_the_origin_address)
{
    ftd::task_id a = ftd::task_id_of<&twice>();
    ftd::task_id b = a;
    b.origin_address += 4096;
    BOOST_TEST((a == b));
    b.offset += 1;
    BOOST_TEST(!(a == b));
}

BOOST_AUTO_TEST_CASE(another_build_is_refused)
{
    ftd::task_id main_id = ftd::task_id_of<&twice>();
    main_id.build_id[0] ^= 0xff;
    BOOST_TEST((refusal_of([&] { (void)ftd::resolve_task_id(main_id); }) == reason::other_build));
    try {
        (void)ftd::resolve_task_id(main_id);
    } catch (const ftd::task_id_error& e) {
        BOOST_TEST(mentions(e, "another build of the main program"));
        BOOST_TEST(mentions(e, ftd::to_string(main_id)));
    }

    ftd::task_id library_id = ftd::task_id_of<&ftd::this_process_id>();
    library_id.build_id[library_id.build_id_size - 1] ^= 0x01;
    BOOST_TEST((refusal_of([&] { (void)ftd::resolve_task_id(library_id); }) == reason::other_build));

    // A library's build id does not name the main program, nor the reverse.
    ftd::task_id swapped = ftd::task_id_of<&ftd::this_process_id>();
    swapped.object = ftd::task_object::main_program;
    BOOST_TEST((refusal_of([&] { (void)ftd::resolve_task_id(swapped); }) == reason::other_build));
}

BOOST_AUTO_TEST_CASE(an_offset_outside_the_object_code_is_refused)
{
    ftd::task_id id = ftd::task_id_of<&twice>();
    id.offset = std::uint64_t{1} << 46;
    BOOST_TEST((refusal_of([&] { (void)ftd::resolve_task_id(id); }) == reason::outside_object));

    // Inside the object, but in its data: not executable.
    const ftd::task_id& code = ftd::task_id_of<&twice>();
    const std::uintptr_t base = code.origin_address - code.offset;
    id.offset = reinterpret_cast<std::uintptr_t>(&some_data) - base;
    BOOST_TEST((refusal_of([&] { (void)ftd::resolve_task_id(id); }) == reason::outside_object));
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_a_task_id_are_refused)
{
    ftd::task_id id = ftd::task_id_of<&twice>();
    id.object = static_cast<ftd::task_object>(7);
    BOOST_TEST((refusal_of([&] { (void)ftd::resolve_task_id(id); }) == reason::malformed));
    id = ftd::task_id_of<&twice>();
    id.build_id_size = 0;
    BOOST_TEST((refusal_of([&] { (void)ftd::resolve_task_id(id); }) == reason::malformed));
    id.build_id_size = ftd::task_id::max_build_id_size + 1;
    BOOST_TEST((refusal_of([&] { (void)ftd::resolve_task_id(id); }) == reason::malformed));
}

BOOST_AUTO_TEST_CASE(an_address_that_is_not_code_has_no_task_id)
{
    BOOST_TEST((refusal_of([] { (void)ftd::make_task_id(reinterpret_cast<std::uintptr_t>(&some_data)); }) ==
                reason::not_code));
    BOOST_TEST((refusal_of([] { (void)ftd::make_task_id(0); }) == reason::not_code));
    int on_the_stack = 0;
    BOOST_TEST((refusal_of([&] { (void)ftd::make_task_id(reinterpret_cast<std::uintptr_t>(&on_the_stack)); }) ==
                reason::not_code));
}

BOOST_AUTO_TEST_CASE(a_task_id_resolves_in_a_freshly_started_copy_of_the_program)
{
    // A copy started with exec, not forked: other load addresses (ASLR), the
    // same build. It resolves both ids and calls them in the case below.
    const std::string main_hex = to_hex(ftd::task_id_of<&twice>());
    const std::string core_hex = to_hex(ftd::task_id_of<&ftd::this_process_id>());
    const auto status = freethreading_test::run_in_child([&] {
        ::setenv(main_id_variable, main_hex.c_str(), 1);
        ::setenv(core_id_variable, core_hex.c_str(), 1);
        char program[] = "task_id_test";
        char run[] = "--run_test=resolved_by_a_fresh_copy";
        char quiet[] = "--log_level=nothing";
        char report[] = "--report_level=no";
        char* argv[] = {program, run, quiet, report, nullptr};
        ::execv("/proc/self/exe", argv);
        return false; // exec failed
    });
    BOOST_TEST(status.exited_with(0));
}

// Run only by the case above, in the copy it executes.
BOOST_AUTO_TEST_CASE(resolved_by_a_fresh_copy, *boost::unit_test::disabled())
{
    const char* main_hex = std::getenv(main_id_variable);
    const char* core_hex = std::getenv(core_id_variable);
    BOOST_TEST_REQUIRE(main_hex != nullptr);
    BOOST_TEST_REQUIRE(core_hex != nullptr);
    const ftd::task_id main_id = from_hex(main_hex);
    const ftd::task_id core_id = from_hex(core_hex);
    BOOST_TEST((main_id == ftd::task_id_of<&twice>()));
    BOOST_TEST(ftd::resolve_task_id_as<int(int)>(main_id)(21) == 42);
    BOOST_TEST(ftd::resolve_task_id(main_id) == reinterpret_cast<std::uintptr_t>(&twice));
    BOOST_TEST(ftd::resolve_task_id_as<std::int32_t() noexcept>(core_id)() == ::getpid());
}
