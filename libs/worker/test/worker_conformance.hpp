//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_WORKER_TEST_WORKER_CONFORMANCE_HPP
#define FREETHREADING_WORKER_TEST_WORKER_CONFORMANCE_HPP

// The worker_like suite, part one: construction, names, daemon flag,
// liveness, joins and identity. Written once as one function template per
// clause (`test_<clause><W>()`) and run over the three spellings by
// worker_test.cpp.

#include "worker_conformance_support.hpp"

namespace worker_conformance {

template <class W>
void test_models_worker_like_and_copies_are_handles()
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

template <class W>
void test_with_args()
{
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

template <class W>
void test_name_property()
{
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

template <class W>
void test_default_names_follow_python()
{
    const std::string prefix = makes_processes<W>() ? "Process-" : "Thread-";
    W a([] {});
    W b([] {});
    const int na = default_name_number(a.name(), prefix);
    const int nb = default_name_number(b.name(), prefix);
    BOOST_TEST(na >= 1);
    BOOST_TEST(nb == na + 1);
}

template <class W>
void test_name_is_given_to_the_os()
{
    freethreading_test::shared_page<probe> p;
    probe* const pp = &*p;
    W w(freethreading::worker_options{.name = "AVeryLongWorkerName"}, [pp] { (void)wait_for_flag(pp->go, 1); });
    w.start();
    BOOST_TEST(eventually([&] { return w.ident() && os_name(*w.ident()) == "AVeryLongWorker"; }));
    p->go = 1;
    w.join();
}

template <class W>
void test_daemon_property()
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

template <class W>
void test_is_alive_before_during_after()
{
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

template <class W>
void test_join_for_times_out_on_a_sleeping_worker()
{
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

template <class W>
void test_ident_is_set_by_start_and_kept_after_join()
{
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

template <class W>
void test_current_worker_inside_the_target()
{
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

} // namespace worker_conformance

#endif // FREETHREADING_WORKER_TEST_WORKER_CONFORMANCE_HPP
