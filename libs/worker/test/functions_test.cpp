//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The Python package's function tests (active_children, active_count,
// current_worker, enumerate, get_backend, get_ident) with the exact values of
// its documentation, through the facade: ctest runs this binary once per
// backend. The first test must run before any worker of this process.

#include <freethreading/worker/functions.hpp>
#include <freethreading/worker/worker.hpp>

#include <freethreading/core/backend.hpp>

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace std::chrono_literals;
using freethreading::ident_type;
using freethreading::worker_info;

bool on_processes()
{
    return freethreading::get_backend() == freethreading::backend::multiprocessing;
}

std::string main_name()
{
    return on_processes() ? "MainProcess" : "MainThread";
}

std::vector<std::string> names(const std::vector<worker_info>& v)
{
    std::vector<std::string> out;
    for (const worker_info& w : v)
        out.push_back(w.name);
    return out;
}

// What a worker saw of the functions, written where the test can read it.
struct report
{
    std::atomic<int> go{0};
    std::atomic<int> ready{0};
    std::atomic<ident_type> ident{0};
    std::atomic<int> children{-1};
    std::atomic<int> count{-1};
    std::atomic<int> enumerated{-1};
    char self[32] = {};
    char first_child[32] = {};
    char first_enumerated[32] = {};
};

void copy_name(char (&to)[32], const std::string& from)
{
    std::strncpy(to, from.c_str(), sizeof to - 1);
}

bool wait_go(const std::atomic<int>& go)
{
    const auto end = std::chrono::steady_clock::now() + 10s;
    while (go.load() == 0) {
        if (std::chrono::steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

} // namespace

BOOST_AUTO_TEST_CASE(at_start_there_is_only_the_caller)
{
    BOOST_TEST(freethreading::active_children().empty());
    BOOST_TEST(freethreading::active_count() == 1U);
    const std::vector<worker_info> all = freethreading::enumerate();
    BOOST_TEST(all.size() == 1U);
    BOOST_TEST(all.at(0).name == main_name());
}

BOOST_AUTO_TEST_CASE(get_backend_is_the_environment_s)
{
    const freethreading::backend b = freethreading::get_backend();
    const std::string_view name = freethreading::to_string(b);
    BOOST_TEST((name == "threading" || name == "multiprocessing"));
    if (const char* env = std::getenv("FREETHREADING_BACKEND"))
        BOOST_TEST(name == std::string_view(env));
    BOOST_TEST((freethreading::get_backend() == b)); // fixed once resolved
}

BOOST_AUTO_TEST_CASE(current_worker_in_main)
{
    const worker_info me = freethreading::current_worker();
    BOOST_TEST(me.name == main_name());
    BOOST_TEST(me.ident == ::getpid());
    BOOST_TEST(me.alive);
    BOOST_TEST(!me.daemon);
}

BOOST_AUTO_TEST_CASE(get_ident_in_main_is_the_pid)
{
    const ident_type id = freethreading::get_ident();
    BOOST_TEST(id > 0);
    BOOST_TEST(id == ::getpid()); // the main thread's tid is the pid
    BOOST_TEST(freethreading::get_ident() == id);
}

BOOST_AUTO_TEST_CASE(a_running_sleeper_is_the_only_child)
{
    freethreading_test::shared_page<report> r;
    report* const pr = &*r;
    freethreading::worker w(freethreading::worker_options{.name = "Sleeper"}, [pr] {
        pr->ready = 1;
        (void)wait_go(pr->go);
    });
    const std::size_t before = freethreading::active_children().size();
    w.start();

    const std::vector<worker_info> children = freethreading::active_children();
    BOOST_TEST(children.size() >= before); // the Python package's own check
    BOOST_TEST(children.size() == 1U);
    if (children.size() == 1U) {
        BOOST_TEST(children[0].name == "Sleeper");
        BOOST_TEST(children[0].alive);
        BOOST_TEST(!children[0].daemon);
    }
    BOOST_TEST(wait_go(r->ready)); // running: its ident is known
    const std::vector<worker_info> running = freethreading::active_children();
    BOOST_TEST((running.size() == 1U && w.ident() && running[0].ident == *w.ident()));
    BOOST_TEST(freethreading::active_count() == 2U);
    const std::vector<std::string> expected{main_name(), "Sleeper"};
    BOOST_TEST(names(freethreading::enumerate()) == expected, boost::test_tools::per_element());

    r->go = 1;
    w.join();
    BOOST_TEST(freethreading::active_children().empty());
    BOOST_TEST(freethreading::active_count() == 1U);
}

BOOST_AUTO_TEST_CASE(enumerate_is_the_caller_then_children_in_start_order)
{
    freethreading_test::shared_page<report> r;
    report* const pr = &*r;
    const auto wait = [pr] { (void)wait_go(pr->go); };
    freethreading::worker b(freethreading::worker_options{.name = "B"}, wait);
    freethreading::worker a(freethreading::worker_options{.name = "A", .daemon = true}, wait);
    freethreading::worker c(freethreading::worker_options{.name = "C"}, wait);
    a.start(); // made second, started first
    b.start();
    c.start();
    const std::vector<worker_info> all = freethreading::enumerate();
    const std::vector<std::string> expected{main_name(), "A", "B", "C"};
    BOOST_TEST(names(all) == expected, boost::test_tools::per_element());
    if (all.size() == 4U) {
        BOOST_TEST(all[1].daemon);
        BOOST_TEST(!all[2].daemon);
    }
    BOOST_TEST(freethreading::active_count() == 4U);
    r->go = 1;
    a.join();
    b.join();
    c.join();
    BOOST_TEST(freethreading::active_count() == 1U);
}

BOOST_AUTO_TEST_CASE(get_ident_inside_a_worker_is_its_ident)
{
    freethreading_test::shared_page<report> r;
    report* const pr = &*r;
    freethreading::worker w([pr] { pr->ident = freethreading::get_ident(); });
    w.start();
    w.join();
    BOOST_TEST(r->ident.load() > 0);
    BOOST_TEST((w.ident() && r->ident.load() == *w.ident()));
    BOOST_TEST(r->ident.load() != freethreading::get_ident()); // another thread or process
}

BOOST_AUTO_TEST_CASE(the_functions_inside_a_worker)
{
    freethreading_test::shared_page<report> r;
    report* const pr = &*r;
    freethreading::worker w(freethreading::worker_options{.name = "Inner"}, [pr] {
        const worker_info me = freethreading::current_worker();
        copy_name(pr->self, me.name);
        const std::vector<worker_info> children = freethreading::active_children();
        pr->children = static_cast<int>(children.size());
        if (!children.empty())
            copy_name(pr->first_child, children[0].name);
        const std::vector<worker_info> all = freethreading::enumerate();
        pr->enumerated = static_cast<int>(all.size());
        copy_name(pr->first_enumerated, all.at(0).name);
        pr->count = static_cast<int>(freethreading::active_count());
    });
    w.start();
    w.join();
    BOOST_TEST(std::string(r->self) == "Inner");
    BOOST_TEST(std::string(r->first_enumerated) == "Inner"); // the caller first
    if (on_processes()) {
        // A worker process has no children of its own (Python:
        // multiprocessing.active_children() in a child).
        BOOST_TEST(r->children.load() == 0);
        BOOST_TEST(r->count.load() == 1);
    } else {
        // Python's threading.enumerate() minus the caller: the main thread.
        BOOST_TEST(r->children.load() == 1);
        BOOST_TEST(std::string(r->first_child) == "MainThread");
        BOOST_TEST(r->count.load() == 2);
    }
    BOOST_TEST(r->enumerated.load() == r->count.load());
}

BOOST_AUTO_TEST_CASE(a_thread_the_library_did_not_start)
{
    worker_info seen;
    ident_type ident = 0;
    std::int64_t tid = 0;
    std::thread([&] {
        seen = freethreading::current_worker();
        ident = freethreading::get_ident();
        tid = ::gettid();
    }).join();
    BOOST_TEST(seen.name != main_name());
    BOOST_TEST(!seen.name.empty());
    BOOST_TEST(seen.alive);
    BOOST_TEST(ident == (on_processes() ? std::int64_t{::getpid()} : tid));
    BOOST_TEST(freethreading::active_children().empty()); // not a worker
}

BOOST_AUTO_TEST_CASE(default_names_count_from_1_in_each_process)
{
    // DESIGN §4.1: one counter per process, from 1, so a worker process
    // names its own first workers Process-1 and Thread-1 whatever its parent
    // had counted.
    freethreading::threading::worker counted([] {});
    freethreading::multiprocessing::worker w([] {
        freethreading::multiprocessing::worker inner([] {});
        freethreading::threading::worker thread([] {});
        if (inner.name() != "Process-1" || thread.name() != "Thread-1")
            throw std::runtime_error("first names in a child: " + inner.name() + ", " + thread.name());
    });
    BOOST_TEST(counted.name() != "Thread-0");
    w.start();
    w.join();
    BOOST_TEST(w.exitcode().value_or(-1) == 0);
}
