//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_CONDITION_HANDOFF_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_CONDITION_HANDOFF_CONFORMANCE_HPP

// The condition_like suite, part three: notifications handed between
// contenders (processes where the state is shared). Written once as one
// function template per clause (`test_<clause><C>()`) and run over every
// spelling of `condition` by condition_handoff_test.cpp.

#include <freethreading/sync/condition.hpp>

#include "condition_constructions.hpp"

#include <freethreading_test/contenders.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

namespace condition_conformance {

using freethreading_test::background_contenders;
using freethreading_test::eventually;
using freethreading_test::now_ns;

// A notify under the lock takes effect when the notifier releases the lock,
// whichever handle it releases it through: the waiter returns promptly after
// the unlock (and not at its 5 s timeout).
template <class C>
void test_notify_wakes_the_waiter_when_the_lock_is_released()
{
    struct shared_record
    {
        std::atomic<int> waiting{0};
        std::atomic<bool> ready{false};
        std::atomic<bool> woke{false};
        std::atomic<std::int64_t> woke_at{0};
    };
    constructions<C> k;
    // How the notifier holds and frees the lock, per construction.
    struct variant
    {
        const char* name;
        C* c;
        std::function<void()> lock;
        std::function<void()> unlock;
    };
    const variant variants[] = {
        {"condition(): unlock through the condition", &k.own, [&] { k.own.lock(); }, [&] { k.own.unlock(); }},
        {"condition(mutex): unlock through the mutex handle", &k.over_mutex, [&] { k.m.lock(); },
         [&] { k.m.unlock(); }},
        {"condition(recursive_mutex): two levels, unlocked through the mutex handle", &k.over_recursive,
         [&] {
             k.r.lock();
             k.r.lock();
         },
         [&] {
             k.r.unlock();
             BOOST_TEST(!other_can_lock(k.r)); // one level still held
             k.r.unlock();
         }},
    };
    for (const variant& v : variants) {
        BOOST_TEST_CONTEXT(v.name)
        {
            C& c = *v.c;
            freethreading_test::shared_page<shared_record> record;
            background_contenders waiter(is_shared<C>(), 1, [&](int) {
                c.lock();
                record->waiting.store(1);
                const bool r = c.wait_for(5s, [&] { return record->ready.load(); });
                record->woke_at.store(now_ns());
                record->woke.store(r);
                c.unlock();
                return r;
            });
            BOOST_TEST(eventually([&] { return record->waiting.load() == 1; }));
            v.lock(); // the waiter set `waiting` under the lock: it is in wait now
            record->ready.store(true);
            c.notify();
            std::this_thread::sleep_for(50ms);
            BOOST_TEST(record->woke_at.load() == 0); // it cannot return while we hold the lock
            const std::int64_t unlocked_at = now_ns();
            v.unlock();
            BOOST_TEST(waiter.join());
            BOOST_TEST(record->woke.load());
            BOOST_TEST(record->woke_at.load() >= unlocked_at);
            BOOST_TEST((record->woke_at.load() - unlocked_at) / 1'000'000 < 1000); // milliseconds
        }
    }
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// notify(1) lets one waiter through; notify_all() the rest. The waiters use
// the raw wait_for in a loop on a shared count of tokens.
template <class C>
void test_notify_one_then_all()
{
    constexpr int waiters = 3;
    struct shared_record
    {
        int waiting = 0; // these three are guarded by the condition's lock
        int tokens = 0;
        int done = 0;
        std::atomic<int> finished{0};
    };
    C c;
    freethreading_test::shared_page<shared_record> record;
    background_contenders contenders(is_shared<C>(), waiters, [&](int) {
        std::unique_lock<C> guard(c);
        ++record->waiting;
        while (record->tokens == 0)
            if (!c.wait_for(5s))
                return false;
        --record->tokens;
        ++record->done;
        record->finished.fetch_add(1);
        return true;
    });
    BOOST_TEST(eventually([&] {
        std::unique_lock<C> guard(c);
        return record->waiting == waiters; // all in wait: each counted itself under the lock
    }));
    {
        std::unique_lock<C> guard(c);
        record->tokens = 1;
        c.notify(1);
    }
    BOOST_TEST(eventually([&] { return record->finished.load() == 1; }, 2s));
    std::this_thread::sleep_for(50ms);
    BOOST_TEST(record->finished.load() == 1); // one token, one waiter through
    {
        std::unique_lock<C> guard(c);
        record->tokens = waiters - 1;
        c.notify_all();
    }
    BOOST_TEST(contenders.join());
    BOOST_TEST(record->done == waiters);
    BOOST_TEST(record->tokens == 0);
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// A producer and a consumer (processes where the state is shared) hand
// 10,000 items through a one-slot buffer guarded by the condition.
template <class C>
void test_producer_consumer_through_one_slot()
{
    constexpr int items = 10'000;
    struct buffer
    {
        // Plain members: only the condition's lock protects them.
        int slot = -1;
        bool full = false;
        long long sum = 0;
        int out_of_order = 0;
        int consumed = 0;
    };
    C c;
    freethreading_test::shared_page<buffer> b;
    const bool ok = freethreading_test::run_contenders(is_shared<C>(), 2, [&](int role) {
        for (int i = 0; i < items; ++i) {
            std::unique_lock<C> guard(c);
            if (role == 0) {
                c.wait([&] { return !b->full; });
                b->slot = i;
                b->full = true;
            } else {
                c.wait([&] { return b->full; });
                if (b->slot != i)
                    ++b->out_of_order;
                b->sum += b->slot;
                ++b->consumed;
                b->full = false;
            }
            c.notify();
        }
        return true;
    });
    BOOST_TEST(ok);
    BOOST_TEST(b->consumed == items);
    BOOST_TEST(b->out_of_order == 0);
    BOOST_TEST(b->sum == static_cast<long long>(items) * (items - 1) / 2);
    BOOST_TEST(!b->full);
    BOOST_TEST(other_can_lock(c));
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace condition_conformance

#endif // FREETHREADING_SYNC_TEST_CONDITION_HANDOFF_CONFORMANCE_HPP
