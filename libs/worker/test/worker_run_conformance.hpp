//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_TEST_WORKER_RUN_CONFORMANCE_HPP
#define FREETHREADING_WORKER_TEST_WORKER_RUN_CONFORMANCE_HPP

// The worker_like suite, part two: what running does — exceptions, stop
// tokens, the last handle, misuse and output. Function templates as in part
// one, worker_conformance.hpp.

#include "worker_conformance_support.hpp"

namespace worker_conformance {

template <class W>
void test_an_exception_is_reported_and_gives_exit_code_1()
{
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

template <class W>
void test_stop_token_target_stops_promptly()
{
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

template <class W>
void test_stop_requested_before_start_is_seen_at_once()
{
    using token = typename W::stop_token_type;
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    W w([pp](token t) { pp->value = t.stop_requested() ? 1 : 2; });
    w.request_stop();
    w.start();
    BOOST_TEST(w.join_for(5s));
    BOOST_TEST(p->value.load() == 1);
}

template <class W>
void test_last_handle_requests_stop_and_joins()
{
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

template <class W>
void test_misuse_is_a_logic_error()
{
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

template <class W>
void test_output_written_before_start_appears_once()
{
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

} // namespace worker_conformance

#endif // FREETHREADING_WORKER_TEST_WORKER_RUN_CONFORMANCE_HPP
