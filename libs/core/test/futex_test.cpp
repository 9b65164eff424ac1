//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// futex_wait / futex_wake / futex_waitv, on private and shared words, across
// processes, under a storm of signals, and with futex_waitv emulated.

#include <freethreading/core/ipc/futex.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <thread>

#include <sys/time.h>

namespace ftd = freethreading::detail;
using freethreading_test::count_children;
using freethreading_test::start_child;
using freethreading_test::wait_child;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
using word_t = std::atomic<std::uint32_t>;

namespace {

// A word in the shared segment, which forked children see at the same address.
word_t& shared_word(std::uint32_t value = 0)
{
    return *ftd::shared_segment::instance().construct<word_t>(value);
}

// Wakes `word` from a child process until a waiter was really woken (the
// parent may not be asleep yet when the child starts).
pid_t wake_from_child(word_t& word)
{
    return start_child([&word] {
        const auto give_up = steady::now() + 5s;
        while (steady::now() < give_up) {
            if (ftd::futex_wake(word, 1, true) > 0)
                return true;
            std::this_thread::sleep_for(1ms);
        }
        return false;
    });
}

// Changes a word in a child process, then wakes it: the event the emulated
// futex_waitv can see on every word.
pid_t change_from_child(word_t& word)
{
    return start_child([&word] {
        std::this_thread::sleep_for(20ms);
        word.store(1, std::memory_order_release);
        ftd::futex_wake(word, 1, true);
        return true;
    });
}

std::atomic<int> alarms{0};

// SIGALRM every 2 ms through a handler installed without SA_RESTART, for the
// life of the object: every sleep in the kernel is cut short by EINTR.
class signal_storm
{
public:
    signal_storm()
    {
        alarms = 0;
        struct sigaction action{};
        action.sa_handler = [](int) { alarms.fetch_add(1, std::memory_order_relaxed); };
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;
        ::sigaction(SIGALRM, &action, &old_);
        const itimerval every_2ms{{0, 2000}, {0, 2000}};
        ::setitimer(ITIMER_REAL, &every_2ms, nullptr);
    }
    signal_storm(const signal_storm&) = delete;
    signal_storm& operator=(const signal_storm&) = delete;
    ~signal_storm()
    {
        const itimerval off{};
        ::setitimer(ITIMER_REAL, &off, nullptr);
        ::sigaction(SIGALRM, &old_, nullptr);
    }

private:
    struct sigaction old_{};
};

// Restores the real futex_waitv however the test case ends.
struct forced_fallback
{
    forced_fallback() { ftd::force_futex_waitv_fallback(true); }
    forced_fallback(const forced_fallback&) = delete;
    forced_fallback& operator=(const forced_fallback&) = delete;
    ~forced_fallback() { ftd::force_futex_waitv_fallback(false); }
};

} // namespace

BOOST_AUTO_TEST_CASE(wait_on_a_changed_value_returns_at_once)
{
    word_t local{7};
    BOOST_TEST((ftd::futex_wait(local, 3, false) == ftd::futex_status::value_changed));
    BOOST_TEST((ftd::futex_wait(shared_word(7), 3, true) == ftd::futex_status::value_changed));

    word_t a{0}, b{0}, c{5};
    const ftd::futex_wait_entry entries[] = {{&a, 0, false}, {&b, 0, false}, {&c, 0, false}};
    const auto r = ftd::futex_waitv(entries, steady::now() + 5s);
    BOOST_TEST((r.status == ftd::futex_status::value_changed));
    BOOST_TEST(r.index == 2u);
}

BOOST_AUTO_TEST_CASE(timed_wait_ends_at_its_deadline)
{
    word_t local{0};
    for (bool shared : {false, true}) {
        word_t& word = shared ? shared_word() : local;
        const auto deadline = steady::now() + 50ms;
        BOOST_TEST((ftd::futex_wait(word, 0, shared, deadline) == ftd::futex_status::timed_out));
        const auto end = steady::now();
        BOOST_TEST((end >= deadline));
        BOOST_TEST((end < deadline + 200ms));
    }
    // A deadline already past checks the value once.
    word_t word{0};
    const auto before = steady::now();
    BOOST_TEST((ftd::futex_wait(word, 0, false, before - 1s) == ftd::futex_status::timed_out));
    BOOST_TEST((ftd::futex_wait(word, 1, false, before - 1s) == ftd::futex_status::value_changed));
    BOOST_TEST((steady::now() - before < 100ms));
}

BOOST_AUTO_TEST_CASE(wake_from_another_process_wakes_a_shared_wait)
{
    word_t& word = shared_word();
    const pid_t child = wake_from_child(word);
    BOOST_TEST((ftd::futex_wait(word, 0, true, steady::now() + 10s) == ftd::futex_status::woken));
    BOOST_TEST(wait_child(child).exited_with(0));
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE(signals_do_not_shorten_a_wait)
{
    word_t word{0};
    word_t a{0}, b{0}, c{0};
    const ftd::futex_wait_entry entries[] = {{&a, 0, false}, {&b, 0, true}, {&c, 0, false}};
    signal_storm storm;

    auto deadline = steady::now() + 100ms;
    BOOST_TEST((ftd::futex_wait(word, 0, false, deadline) == ftd::futex_status::timed_out));
    BOOST_TEST((steady::now() >= deadline));
    BOOST_TEST(alarms.load() >= 10);

    alarms = 0;
    deadline = steady::now() + 100ms;
    BOOST_TEST((ftd::futex_waitv(entries, deadline).status == ftd::futex_status::timed_out));
    BOOST_TEST((steady::now() >= deadline));
    BOOST_TEST(alarms.load() >= 10);

    forced_fallback emulated;
    alarms = 0;
    deadline = steady::now() + 100ms;
    BOOST_TEST((ftd::futex_waitv(entries, deadline).status == ftd::futex_status::timed_out));
    BOOST_TEST((steady::now() >= deadline));
    BOOST_TEST(alarms.load() >= 10);
}

BOOST_AUTO_TEST_CASE(futex_waitv_wakes_on_each_of_its_words)
{
    BOOST_TEST_MESSAGE("futex_waitv system call available: " << ftd::futex_waitv_available());
    for (std::size_t i = 0; i < 3; ++i) {
        word_t* words[] = {&shared_word(), &shared_word(), &shared_word()};
        const ftd::futex_wait_entry entries[] = {
            {words[0], 0, true}, {words[1], 0, true}, {words[2], 0, true}};
        const pid_t child = wake_from_child(*words[i]);
        const auto r = ftd::futex_waitv(entries, steady::now() + 10s);
        BOOST_TEST((r.status == ftd::futex_status::woken));
        BOOST_TEST(r.index == i);
        BOOST_TEST(wait_child(child).exited_with(0));
    }
    word_t a{0};
    const ftd::futex_wait_entry one[] = {{&a, 0, false}};
    const auto deadline = steady::now() + 30ms;
    BOOST_TEST((ftd::futex_waitv(one, deadline).status == ftd::futex_status::timed_out));
    BOOST_TEST((steady::now() >= deadline));
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE(emulated_futex_waitv_sees_a_change_of_each_word)
{
    const bool detected = ftd::futex_waitv_available();
    {
        forced_fallback emulated;
        BOOST_TEST(!ftd::futex_waitv_available());
        for (std::size_t i = 0; i < 3; ++i) {
            word_t* words[] = {&shared_word(), &shared_word(), &shared_word()};
            const ftd::futex_wait_entry entries[] = {
                {words[0], 0, true}, {words[1], 0, true}, {words[2], 0, true}};
            const pid_t child = change_from_child(*words[i]);
            const auto start = steady::now();
            const auto r = ftd::futex_waitv(entries, start + 10s);
            BOOST_TEST((r.status != ftd::futex_status::timed_out));
            BOOST_TEST(r.index == i);
            BOOST_TEST((steady::now() - start < 1s));
            BOOST_TEST(wait_child(child).exited_with(0));
        }
        word_t a{0}, b{0};
        const ftd::futex_wait_entry two[] = {{&a, 0, false}, {&b, 0, false}};
        const auto deadline = steady::now() + 30ms;
        BOOST_TEST((ftd::futex_waitv(two, deadline).status == ftd::futex_status::timed_out));
        BOOST_TEST((steady::now() >= deadline));
        BOOST_TEST((steady::now() < deadline + 200ms));
    }
    BOOST_TEST(ftd::futex_waitv_available() == detected);
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE(futex_waitv_takes_one_to_three_words)
{
    word_t a{0};
    const ftd::futex_wait_entry four[] = {{&a, 0, false}, {&a, 0, false}, {&a, 0, false},
                                          {&a, 0, false}};
    const auto throws_invalid_argument = [](std::span<const ftd::futex_wait_entry> entries) {
        try {
            ftd::futex_waitv(entries);
        } catch (const std::invalid_argument&) {
            return true;
        }
        return false;
    };
    BOOST_TEST(throws_invalid_argument(four));
    BOOST_TEST(throws_invalid_argument({}));
}
