//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_TEST_WORKER_CONFORMANCE_HPP
#define FREETHREADING_WORKER_TEST_WORKER_CONFORMANCE_HPP

// The worker_like suite, written once and run over every spelling of a worker
// (a thread, a forked process, and the facade, which is one or the other by
// the backend). It carries the Python package's Worker tests (args, name,
// daemon, is_alive, join with a timeout) and the rest of DESIGN §4.1 for a
// worker handle. Include after defining `worker_types`.
//
// A target reports back through a `shared_page`: a MAP_SHARED mapping that a
// thread and a forked child see alike, so one test body serves both kinds.

#include <freethreading/worker/concepts.hpp>
#include <freethreading/worker/functions.hpp>
#include <freethreading/worker/worker.hpp>

#include <freethreading/core/backend.hpp>

#include <freethreading_test/contenders.hpp>
#include <freethreading_test/printing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <unistd.h>
#include <vector>

namespace worker_conformance {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

/** True when `W` makes processes: always for multiprocessing::worker, by the
    backend for the facade. */
template <class W>
bool makes_processes()
{
    if constexpr (std::same_as<W, freethreading::threading::worker>)
        return false;
    else if constexpr (std::same_as<W, freethreading::multiprocessing::worker>)
        return true;
    else
        return freethreading::get_backend() == freethreading::backend::multiprocessing;
}

/** What a target tells the test; lives in a shared page. */
struct probe
{
    std::atomic<int> go{0};
    std::atomic<int> done{0};
    std::atomic<int> value{0};
    std::atomic<std::int64_t> ident{0};
    std::atomic<int> alive{0};
    char name[64] = {};

    void set_name(const std::string& s)
    {
        std::strncpy(name, s.c_str(), sizeof name - 1);
    }
};

/** Waits (sleeping) until `flag` holds `want`; false after `limit`. */
inline bool wait_for_flag(const std::atomic<int>& flag, int want, std::chrono::milliseconds limit = 10s)
{
    const auto end = steady_clock::now() + limit;
    while (flag.load() != want) {
        if (steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

/** Waits until `pred()`; false after `limit`. */
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 5s)
{
    const auto end = steady_clock::now() + limit;
    while (!pred()) {
        if (steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

/** Sends what is written to `fd` (1 or 2) into a temporary file until
    `text()` restores it. Nothing may report a test result in between. */
class fd_capture
{
public:
    explicit fd_capture(int fd) : fd_(fd)
    {
        std::fflush(nullptr);
        std::cout.flush();
        std::cerr.flush();
        char path[] = "/tmp/freethreading_worker_test_XXXXXX";
        file_ = ::mkstemp(path);
        if (file_ < 0)
            throw std::runtime_error("mkstemp failed");
        path_ = path;
        saved_ = ::dup(fd_);
        ::dup2(file_, fd_);
    }
    fd_capture(const fd_capture&) = delete;
    fd_capture& operator=(const fd_capture&) = delete;
    ~fd_capture() { restore(); }

    /** Restores the descriptor and returns what was written to it. */
    std::string text()
    {
        if (saved_ < 0)
            return {};
        std::fflush(nullptr);
        std::string all;
        char buf[4096];
        for (off_t at = 0;;) {
            const ssize_t n = ::pread(file_, buf, sizeof buf, at);
            if (n <= 0)
                break;
            all.append(buf, static_cast<std::size_t>(n));
            at += n;
        }
        restore();
        return all;
    }

private:
    void restore()
    {
        if (saved_ < 0)
            return;
        std::fflush(nullptr);
        ::dup2(saved_, fd_);
        ::close(saved_);
        ::close(file_);
        saved_ = -1;
        ::unlink(path_.c_str());
    }

    int fd_;
    int file_ = -1;
    int saved_ = -1;
    std::string path_;
};

/** True if `f()` throws std::logic_error. */
template <class F>
bool throws_logic_error(F f)
{
    try {
        f();
    } catch (const std::logic_error&) {
        return true;
    }
    return false;
}

/** The number of times `needle` occurs in `text`. */
inline int occurrences(const std::string& text, const std::string& needle)
{
    int n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size()))
        ++n;
    return n;
}

/** The name the kernel shows for thread or process `id` ("" if gone). */
inline std::string os_name(std::int64_t id)
{
    std::ifstream in("/proc/" + std::to_string(id) + "/comm");
    std::string s;
    std::getline(in, s);
    return s;
}

/** The N of a default "Thread-N" / "Process-N" name, or -1. */
inline int default_name_number(const std::string& name, const std::string& prefix)
{
    if (name.rfind(prefix, 0) != 0)
        return -1;
    return std::atoi(name.c_str() + prefix.size());
}

} // namespace worker_conformance

BOOST_AUTO_TEST_CASE_TEMPLATE(models_worker_like_and_copies_are_handles, W, worker_types)
{
    static_assert(freethreading::worker_like<W>);
    static_assert(std::is_copy_constructible_v<W> && std::is_copy_assignable_v<W>);
    // The constrained forwarding constructor does not take a worker for a
    // target: `W w2(w)` is a copy, not a new worker.
    static_assert(!std::is_constructible_v<W, W&, int>);
    static_assert(!std::is_constructible_v<W, int>);
    static_assert(!std::is_convertible_v<void (*)(), W>); // explicit

    W w(freethreading::worker_options{.name = "Original"}, [] {});
    W w2(w);
    BOOST_TEST((w2 == w));
    w2.set_name("Renamed");
    BOOST_TEST(w.name() == "Renamed");
    W other([] {});
    BOOST_TEST(!(other == w));
    W w3 = other;
    w3 = w;
    BOOST_TEST((w3 == w));

    w2.start(); // started through one handle, seen through all
    w.join();
    BOOST_TEST(w.ident().has_value());
    BOOST_TEST(w3.exitcode() == std::optional<int>(0));
    BOOST_TEST(!w2.is_alive());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(with_args, W, worker_types)
{
    using namespace worker_conformance;
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    int x = 1;
    W w(
        [pp](int a, const std::string& s, std::vector<int> v) {
            pp->value = a * 100 + static_cast<int>(s.size()) * 10 + static_cast<int>(v.size());
        },
        x, std::string("ab"), std::vector<int>{7, 8, 9});
    x = 5; // arguments are copied when the worker is made
    w.start();
    w.join();
    BOOST_TEST(p->value.load() == 123);
    BOOST_TEST(w.exitcode() == std::optional<int>(0));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(name_property, W, worker_types)
{
    using namespace worker_conformance;
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    W w(freethreading::worker_options{.name = "InitialName"},
        [pp] { pp->set_name(freethreading::current_worker().name); });
    BOOST_TEST(w.name() == "InitialName");
    w.set_name("NewName");
    BOOST_TEST(w.name() == "NewName");
    w.start();
    w.join();
    BOOST_TEST(std::string(p->name) == "NewName");
    BOOST_TEST(w.name() == "NewName");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(default_names_follow_python, W, worker_types)
{
    using namespace worker_conformance;
    const std::string prefix = makes_processes<W>() ? "Process-" : "Thread-";
    W a([] {});
    W b([] {});
    const int na = default_name_number(a.name(), prefix);
    const int nb = default_name_number(b.name(), prefix);
    BOOST_TEST(na >= 1);
    BOOST_TEST(nb == na + 1);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(name_is_given_to_the_os, W, worker_types)
{
    using namespace worker_conformance;
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    W w(freethreading::worker_options{.name = "AVeryLongWorkerName"}, [pp] { (void)wait_for_flag(pp->go, 1); });
    w.start();
    BOOST_TEST(eventually([&] { return w.ident() && os_name(*w.ident()) == "AVeryLongWorker"; }));
    p->go = 1;
    w.join();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(daemon_property, W, worker_types)
{
    W plain([] {});
    BOOST_TEST(!plain.daemon());
    BOOST_TEST(W(freethreading::worker_options{.daemon = true}, [] {}).daemon());

    W w(freethreading::worker_options{.daemon = false}, [] {});
    BOOST_TEST(w.daemon() == false);
    w.set_daemon(true);
    BOOST_TEST(w.daemon() == true);
    w.start();
    w.join();
    BOOST_TEST(w.daemon() == true);
    BOOST_TEST(w.exitcode() == std::optional<int>(0));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(is_alive_before_during_after, W, worker_types)
{
    using namespace worker_conformance;
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    W w([pp] { (void)wait_for_flag(pp->go, 1); });
    BOOST_TEST(!w.is_alive());
    BOOST_TEST(!w.exitcode().has_value());
    w.start();
    BOOST_TEST(w.is_alive());
    BOOST_TEST(!w.exitcode().has_value());
    p->go = 1;
    w.join();
    BOOST_TEST(!w.is_alive());
    BOOST_TEST(w.exitcode() == std::optional<int>(0));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(join_for_times_out_on_a_sleeping_worker, W, worker_types)
{
    using namespace worker_conformance;
    W w([] { std::this_thread::sleep_for(300ms); });
    w.start();
    const auto t0 = steady_clock::now();
    BOOST_TEST(!w.join_for(20ms));
    const auto waited = steady_clock::now() - t0;
    BOOST_TEST(waited >= 20ms);
    BOOST_TEST(waited < 250ms);
    BOOST_TEST(w.is_alive());
    BOOST_TEST(!w.join_until(std::chrono::system_clock::now() + 5ms)); // any clock
    BOOST_TEST(!w.join_for(0ms));                                      // tries once
    BOOST_TEST(!w.join_for(-1s));
    w.join();
    BOOST_TEST(!w.is_alive());
    BOOST_TEST(w.join_for(0ms)); // ended: at once
    w.join();                    // joining again is harmless
    BOOST_TEST(w.exitcode() == std::optional<int>(0));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(ident_is_set_by_start_and_kept_after_join, W, worker_types)
{
    using namespace worker_conformance;
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    W w([pp] {
        pp->ident = ::gettid(); // a process worker's only thread: its pid
        (void)wait_for_flag(pp->go, 1);
    });
    BOOST_TEST(!w.ident().has_value());
    w.start();
    // Python's start() returns once the thread runs, so its ident is known
    // then; DESIGN §4.1: "empty before start".
    BOOST_TEST(w.ident().has_value());
    BOOST_TEST(eventually([&] { return p->ident.load() != 0; }));
    BOOST_TEST(w.ident() == std::optional<freethreading::ident_type>(p->ident.load()));
    BOOST_TEST(w.native_handle() != 0U);
    if (makes_processes<W>())
        BOOST_TEST(w.native_handle() == static_cast<std::uint64_t>(*w.ident()));
    else
        BOOST_TEST(*w.ident() != ::getpid());
    p->go = 1;
    w.join();
    BOOST_TEST(w.ident() == std::optional<freethreading::ident_type>(p->ident.load()));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(current_worker_inside_the_target, W, worker_types)
{
    using namespace worker_conformance;
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    W w(freethreading::worker_options{.name = "Inside", .daemon = true}, [pp] {
        const freethreading::worker_info me = freethreading::current_worker();
        pp->set_name(me.name);
        pp->ident = me.ident;
        pp->alive = me.alive ? 1 : 0;
        pp->value = me.daemon ? 1 : 0;
    });
    w.start();
    w.join();
    BOOST_TEST(std::string(p->name) == "Inside");
    BOOST_TEST(w.ident() == std::optional<freethreading::ident_type>(p->ident.load()));
    BOOST_TEST(p->alive.load() == 1);
    BOOST_TEST(p->value.load() == 1);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(an_exception_is_reported_and_gives_exit_code_1, W, worker_types)
{
    using namespace worker_conformance;
    W w(freethreading::worker_options{.name = "Thrower"}, [] { throw std::runtime_error("boom in target"); });
    W odd(freethreading::worker_options{.name = "OddThrower"}, [] { throw 42; });
    std::string err;
    {
        fd_capture capture(2);
        w.start();
        w.join();
        odd.start();
        odd.join();
        err = capture.text();
    }
    BOOST_TEST(w.exitcode() == std::optional<int>(1));
    BOOST_TEST(odd.exitcode() == std::optional<int>(1));
    BOOST_TEST(occurrences(err, "Exception in worker Thrower: boom in target\n") == 1);
    BOOST_TEST(occurrences(err, "Exception in worker OddThrower: ") == 1);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(stop_token_target_stops_promptly, W, worker_types)
{
    using namespace worker_conformance;
    using token = typename W::stop_token_type;
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    W w(
        [pp](token t, int step) {
            while (!t.stop_requested()) {
                pp->value += step;
                std::this_thread::sleep_for(1ms);
            }
            pp->done = 1;
        },
        1);
    w.start();
    BOOST_TEST(eventually([&] { return p->value.load() > 0; }));
    BOOST_TEST(w.is_alive());
    const auto t0 = steady_clock::now();
    w.request_stop();
    BOOST_TEST(w.join_for(1s));
    const auto took = steady_clock::now() - t0;
    BOOST_TEST(took < 1s);
    BOOST_TEST(p->done.load() == 1);
    BOOST_TEST(w.exitcode() == std::optional<int>(0));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(stop_requested_before_start_is_seen_at_once, W, worker_types)
{
    using namespace worker_conformance;
    using token = typename W::stop_token_type;
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    W w([pp](token t) { pp->value = t.stop_requested() ? 1 : 2; });
    w.request_stop();
    w.start();
    BOOST_TEST(w.join_for(5s));
    BOOST_TEST(p->value.load() == 1);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(last_handle_requests_stop_and_joins, W, worker_types)
{
    using namespace worker_conformance;
    using token = typename W::stop_token_type;
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    const auto t0 = steady_clock::now();
    {
        W w([pp](token t) {
            pp->go = 1;
            while (!t.stop_requested())
                std::this_thread::sleep_for(1ms);
            std::this_thread::sleep_for(20ms); // still joined when it takes a while
            pp->done = 1;
        });
        W copy = w;
        w.start();
        BOOST_TEST(wait_for_flag(p->go, 1));
        { W gone = std::move(copy); } // not the last handle: nothing happens
        BOOST_TEST(w.is_alive());
    }
    const auto took = steady_clock::now() - t0;
    BOOST_TEST(p->done.load() == 1); // joined by the last handle
    BOOST_TEST(took < 2s);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(misuse_is_a_logic_error, W, worker_types)
{
    using namespace worker_conformance;
    const auto says = [](const std::logic_error& e, const char* text) {
        return std::string(e.what()).find(text) != std::string::npos;
    };
    W w(freethreading::worker_options{.name = "Misused"}, [] {});
    try {
        w.join();
        BOOST_ERROR("join before start must throw");
    } catch (const std::logic_error& e) {
        BOOST_TEST(says(e, "not been started"));
    }
    BOOST_TEST(throws_logic_error([&] { (void)w.join_for(1ms); }));
    BOOST_TEST(throws_logic_error([&] { (void)w.join_until(steady_clock::now()); }));
    w.start();
    try {
        w.start();
        BOOST_ERROR("a second start must throw");
    } catch (const std::logic_error& e) {
        BOOST_TEST(says(e, "already started"));
    }
    try {
        w.set_daemon(true);
        BOOST_ERROR("set_daemon after start must throw");
    } catch (const std::logic_error& e) {
        BOOST_TEST(says(e, "already been started"));
    }
    BOOST_TEST(!w.daemon());
    w.join(); // the refused calls did not disturb it
    BOOST_TEST(w.exitcode() == std::optional<int>(0));
    BOOST_TEST(throws_logic_error([&] { w.start(); })); // not after the end either
}

BOOST_AUTO_TEST_CASE_TEMPLATE(output_written_before_start_appears_once, W, worker_types)
{
    using namespace worker_conformance;
    W w([] { std::printf("line from the worker\n"); });
    std::string out;
    {
        fd_capture capture(1);
        // A file is fully buffered: the parent's line sits in its buffer when
        // the worker is made (forked, for a process worker).
        std::setvbuf(stdout, nullptr, _IOFBF, BUFSIZ);
        std::printf("line from the parent before start\n");
        w.start();
        w.join();
        std::printf("line from the parent after join\n");
        out = capture.text();
        std::setvbuf(stdout, nullptr, ::isatty(1) != 0 ? _IOLBF : _IOFBF, BUFSIZ);
    }
    BOOST_TEST(occurrences(out, "line from the parent before start\n") == 1);
    BOOST_TEST(occurrences(out, "line from the worker\n") == 1);
    BOOST_TEST(occurrences(out, "line from the parent after join\n") == 1);
}

#endif // FREETHREADING_WORKER_TEST_WORKER_CONFORMANCE_HPP
