//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// launch_all: many children per request to the zygote (more than one
// request's worth here, by count and by argument bytes), each with its own
// argument and exit code; every item is checked before anything is
// launched; a program the zygote refuses launches none. The spawner
// launcher's launch_all forks more children than one of its batches, each
// with its own argument, and refuses a batch with a started child.

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/child_launcher.hpp>
#include <freethreading/core/ipc/child_process.hpp>
#include <freethreading/core/ipc/zygote_launcher.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/printing.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

namespace {

namespace ftd = freethreading::detail;
using item = ftd::child_launcher::launch_item;

// The exit code is a digest of every argument byte and of how many there were.
int digest(std::span<const std::byte> argument)
{
    int sum = static_cast<int>(argument.size() % 7);
    for (const std::byte b : argument)
        sum = (sum * 31 + static_cast<int>(b)) % 199;
    return sum;
}

std::vector<std::byte> argument_of(std::size_t index, std::size_t size)
{
    std::vector<std::byte> out(size);
    for (std::size_t i = 0; i < size; ++i)
        out[i] = static_cast<std::byte>(index * 13 + i * 7 + 1);
    return out;
}

struct batch
{
    std::vector<std::unique_ptr<ftd::child_process>> children;
    std::vector<std::vector<std::byte>> arguments;
    std::vector<item> items;

    batch(std::size_t count, std::size_t (*size_of)(std::size_t))
    {
        for (std::size_t i = 0; i < count; ++i) {
            children.push_back(std::make_unique<ftd::child_process>());
            arguments.push_back(argument_of(i, size_of(i)));
        }
        for (std::size_t i = 0; i < count; ++i)
            items.push_back({children[i].get(), arguments[i]});
    }

    int right_codes()
    {
        int right = 0;
        for (std::size_t i = 0; i < children.size(); ++i) {
            children[i]->join();
            if (children[i]->exitcode() == std::optional<int>(digest(arguments[i])))
                ++right;
        }
        return right;
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(more_children_than_one_request_holds_each_with_its_argument)
{
    ftd::zygote_launcher z;
    // 37 children: three requests of at most max_batch; sizes 0 to 40 bytes.
    batch small(37, [](std::size_t i) { return (i * 5) % 41; });
    z.launch_all(ftd::program_of<&digest>(), small.items);
    BOOST_TEST(small.right_codes() == 37);
    // 20 of the largest arguments: a request's bytes run out before its count.
    batch large(20, [](std::size_t) { return ftd::zygote_launcher::max_argument_size; });
    z.launch_all(ftd::program_of<&digest>(), large.items);
    BOOST_TEST(large.right_codes() == 20);
    BOOST_TEST(freethreading_test::count_children() == 1); // the zygote's children, not ours
}

BOOST_AUTO_TEST_CASE(every_item_is_checked_before_any_is_launched)
{
    ftd::zygote_launcher z;
    batch b(5, [](std::size_t i) { return i == 3 ? ftd::zygote_launcher::max_argument_size + 1 : 8; });
    BOOST_CHECK_THROW(z.launch_all(ftd::program_of<&digest>(), b.items), std::length_error);
    for (const auto& c : b.children)
        BOOST_TEST(!c->started());
    // A child already launched is refused as well, and nothing else starts.
    batch ok(2, [](std::size_t) { return std::size_t(4); });
    z.launch_all(ftd::program_of<&digest>(), std::span<const item>(ok.items).first(1));
    BOOST_CHECK_THROW(z.launch_all(ftd::program_of<&digest>(), ok.items), std::logic_error);
    BOOST_TEST(!ok.children[1]->started());
    ok.children[0]->join();
    BOOST_TEST(ok.children[0]->exitcode() == std::optional<int>(digest(ok.arguments[0])));
}

BOOST_AUTO_TEST_CASE(a_program_the_zygote_refuses_launches_none_of_the_batch)
{
    ftd::zygote_launcher z;
    static const ftd::task_id foreign = [] {
        ftd::task_id made = ftd::task_id_of<&digest>();
        made.build_id[0] ^= 0xff;
        return made;
    }();
    const ftd::child_program program{&digest, [] () -> const ftd::task_id& { return foreign; }};
    batch b(20, [](std::size_t) { return std::size_t(16); });
    BOOST_CHECK_THROW(z.launch_all(program, b.items), ftd::task_id_error);
    for (const auto& c : b.children)
        BOOST_TEST(!c->started());
    // The zygote serves the next request.
    batch next(3, [](std::size_t i) { return i; });
    z.launch_all(ftd::program_of<&digest>(), next.items);
    BOOST_TEST(next.right_codes() == 3);
}

BOOST_AUTO_TEST_CASE(the_spawner_forks_a_batch_each_child_with_its_argument)
{
    ftd::spawner_launcher& spawner = ftd::spawner_launcher::instance();
    const int before = freethreading_test::count_children();
    // 37 children: more than the 16 forked together at a time.
    batch b(37, [](std::size_t i) { return (i * 11) % 600; });
    spawner.launch_all(ftd::program_of<&digest>(), b.items);
    for (const auto& c : b.children)
        BOOST_TEST(c->started());
    BOOST_TEST(b.right_codes() == 37);
    BOOST_TEST(freethreading_test::count_children() == before); // every one reaped
    // A started child in the batch: refused before anything is forked.
    batch ok(3, [](std::size_t) { return std::size_t(4); });
    spawner.launch_all(ftd::program_of<&digest>(), std::span<const item>(ok.items).first(1));
    BOOST_CHECK_THROW(spawner.launch_all(ftd::program_of<&digest>(), ok.items), std::logic_error);
    BOOST_TEST(!ok.children[1]->started());
    BOOST_TEST(!ok.children[2]->started());
    ok.children[0]->join();
    BOOST_TEST(ok.children[0]->exitcode() == std::optional<int>(digest(ok.arguments[0])));
}
