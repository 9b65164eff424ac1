//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_CONDITION_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_CONDITION_CONFORMANCE_HPP

// The condition_like suite, written once and run over every spelling of
// `condition`, each built the three ways Python's Condition(lock) allows: with
// its own recursive_mutex, over a given mutex, over a given recursive_mutex.
// Include after defining `condition_types`.

#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/condition.hpp>
#include <freethreading/sync/lock.hpp>
#include <freethreading/sync/rlock.hpp>

#include <freethreading/core/backend.hpp>
#include <freethreading/core/errors.hpp>

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>

namespace condition_conformance {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

// The lock types of each spelling, by their public names.
template <class C>
struct locks_of;

template <>
struct locks_of<freethreading::threading::condition>
{
    using mutex = freethreading::threading::mutex;
    using recursive_mutex = freethreading::threading::recursive_mutex;
    static constexpr int shared = 0;
};

template <>
struct locks_of<freethreading::multiprocessing::condition>
{
    using mutex = freethreading::multiprocessing::mutex;
    using recursive_mutex = freethreading::multiprocessing::recursive_mutex;
    static constexpr int shared = 1;
};

template <>
struct locks_of<freethreading::condition>
{
    using mutex = freethreading::mutex;
    using recursive_mutex = freethreading::recursive_mutex;
    static constexpr int shared = -1; // as get_backend() says
};

// Whether the condition's state is where forked children see it; contenders
// are processes exactly then. (A condition has no `state()` accessor, so this
// follows the spelling.)
template <class C>
bool is_shared()
{
    if constexpr (locks_of<C>::shared >= 0)
        return locks_of<C>::shared == 1;
    else
        return freethreading::get_backend() == freethreading::backend::multiprocessing;
}

// The three constructions of Python's Condition(lock=None).
template <class C>
struct constructions
{
    typename locks_of<C>::mutex m{};
    typename locks_of<C>::recursive_mutex r{};
    C own{};
    C over_mutex{m};
    C over_recursive{r};
};

// Runs `f(c)` for each construction, naming it in failure messages.
template <class C, class F>
void with_each_construction(F f)
{
    constructions<C> k;
    BOOST_TEST_CONTEXT("condition()") f(k.own);
    BOOST_TEST_CONTEXT("condition(mutex)") f(k.over_mutex);
    BOOST_TEST_CONTEXT("condition(recursive_mutex)") f(k.over_recursive);
}

// Runs `f` in another thread and returns its result.
template <class F>
auto in_other_thread(F f)
{
    decltype(f()) r{};
    std::thread([&] { r = f(); }).join();
    return r;
}

// True if another thread can take the lock `l` now (it gives it back).
template <class L>
bool other_can_lock(L& l)
{
    return in_other_thread([&] {
        const bool got = l.try_lock();
        if (got)
            l.unlock();
        return got;
    });
}

// True if `f()` throws std::logic_error whose message says the caller does
// not hold the lock.
template <class F>
bool refused_as_not_held(F f)
{
    try {
        f();
    } catch (const std::logic_error& e) {
        return std::string(e.what()).find("not hold") != std::string::npos;
    }
    return false;
}

// The time since `start`, in milliseconds (printable in a failure message).
inline std::chrono::duration<double, std::milli> since(steady_clock::time_point start)
{
    return steady_clock::now() - start;
}

// steady_clock is CLOCK_MONOTONIC: one time line for every process.
inline std::int64_t now_ns()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

// Polls `done()` for at most `limit`.
template <class F>
bool eventually(F done, steady_clock::duration limit = 5s)
{
    const auto end = steady_clock::now() + limit;
    while (!done()) {
        if (steady_clock::now() > end)
            return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

// `run_contenders` on a helper thread, so that the test can act while they run.
class background_contenders
{
public:
    template <class F>
    background_contenders(bool processes, int n, F body)
        : thread_([this, processes, n, body] { ok_ = freethreading_test::run_contenders(processes, n, body); })
    {
    }
    background_contenders(const background_contenders&) = delete;
    background_contenders& operator=(const background_contenders&) = delete;
    ~background_contenders()
    {
        if (thread_.joinable())
            thread_.join();
    }
    bool join()
    {
        thread_.join();
        return ok_;
    }

private:
    bool ok_ = false;
    std::thread thread_;
};

} // namespace condition_conformance

BOOST_AUTO_TEST_CASE_TEMPLATE(models_the_concepts, C, condition_types)
{
    static_assert(freethreading::condition_like<C>);
    static_assert(freethreading::timed_lockable<C>);
    static_assert(freethreading::primitive_handle<C>);
    static_assert(std::is_constructible_v<C, typename condition_conformance::locks_of<C>::mutex>);
    static_assert(std::is_constructible_v<C, typename condition_conformance::locks_of<C>::recursive_mutex>);
    // explicit, as DESIGN §4.1 spells them
    static_assert(!std::is_convertible_v<typename condition_conformance::locks_of<C>::mutex, C>);
    static_assert(!std::is_convertible_v<typename condition_conformance::locks_of<C>::recursive_mutex, C>);
    BOOST_TEST(true);
}

// Python tests 8 and 13: `with Condition():` works.
BOOST_AUTO_TEST_CASE_TEMPLATE(default_condition_with_unique_lock, C, condition_types)
{
    using namespace condition_conformance;
    C c;
    {
        std::unique_lock<C> guard(c);
        BOOST_TEST(guard.owns_lock());
        BOOST_TEST(!other_can_lock(c));
    }
    BOOST_TEST(other_can_lock(c));
    {
        std::scoped_lock guard(c);
        BOOST_TEST(!other_can_lock(c));
    }
    BOOST_TEST(other_can_lock(c));
}

// Python test 9: Condition(Lock()) uses that lock.
BOOST_AUTO_TEST_CASE_TEMPLATE(condition_over_a_mutex_shares_it, C, condition_types)
{
    using namespace condition_conformance;
    typename locks_of<C>::mutex m;
    C c(m);
    {
        std::unique_lock<C> guard(c);
        BOOST_TEST(m.locked());
        BOOST_TEST(!other_can_lock(m));
    }
    BOOST_TEST(!m.locked());
    m.lock();
    BOOST_TEST(!other_can_lock(c)); // held through the mutex handle
    m.unlock();
    BOOST_TEST(other_can_lock(c));
}

// Python test 10: Condition(RLock()) uses that lock, and `with` nests.
BOOST_AUTO_TEST_CASE_TEMPLATE(condition_over_a_recursive_mutex_nests, C, condition_types)
{
    using namespace condition_conformance;
    typename locks_of<C>::recursive_mutex r;
    C c(r);
    {
        std::unique_lock<C> outer(c);
        {
            std::unique_lock<C> inner(c);
            BOOST_TEST(r.locked());
        }
        BOOST_TEST(r.locked()); // one level left
        BOOST_TEST(!other_can_lock(c));
    }
    BOOST_TEST(!r.locked());
    BOOST_TEST(other_can_lock(c));
    // Levels taken through either handle count together.
    r.lock();
    c.lock();
    r.unlock();
    BOOST_TEST(!other_can_lock(r));
    c.unlock();
    BOOST_TEST(!r.locked());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(default_condition_is_recursive, C, condition_types)
{
    using namespace condition_conformance;
    C c;
    {
        std::unique_lock<C> outer(c);
        {
            std::unique_lock<C> inner(c);
            BOOST_TEST(!other_can_lock(c));
        }
        BOOST_TEST(!other_can_lock(c));
    }
    BOOST_TEST(other_can_lock(c));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(copies_are_the_same_condition, C, condition_types)
{
    using namespace condition_conformance;
    C a;
    C b = a;
    BOOST_TEST((a == b));
    BOOST_TEST(!(a == C()));
    a.lock();
    BOOST_TEST(!other_can_lock(b));
    b.unlock();
    BOOST_TEST(other_can_lock(a));
}

// Python test 11: acquire() and release().
BOOST_AUTO_TEST_CASE_TEMPLATE(lock_and_unlock, C, condition_types)
{
    using namespace condition_conformance;
    with_each_construction<C>([](C& c) {
        c.lock();
        BOOST_TEST(!other_can_lock(c));
        c.unlock();
        BOOST_TEST(other_can_lock(c));
        BOOST_TEST(c.try_lock());
        BOOST_TEST(!other_can_lock(c));
        c.unlock();
        BOOST_TEST(c.try_lock_for(10ms));
        c.unlock();
        BOOST_TEST(c.try_lock_until(std::chrono::system_clock::now() + 10ms));
        c.unlock();
        BOOST_TEST(other_can_lock(c));
    });
}

// Python test 12: acquire(timeout=-0.5) on a free lock succeeds (ours: a
// negative duration tries once).
BOOST_AUTO_TEST_CASE_TEMPLATE(negative_timeout_on_a_free_lock_succeeds, C, condition_types)
{
    using namespace condition_conformance;
    with_each_construction<C>([](C& c) {
        BOOST_TEST(c.try_lock_for(-500ms) == true);
        const auto start = steady_clock::now();
        const bool other = in_other_thread([&] { return c.try_lock_for(-500ms); });
        BOOST_TEST(!other); // held: one try, no wait
        BOOST_TEST(since(start) < 100ms);
        c.unlock();
        BOOST_TEST(c.try_lock_until(steady_clock::now() - 1s) == true);
        c.unlock();
        BOOST_TEST(other_can_lock(c));
    });
}

// Python test 14: an exception inside `with cond` propagates and releases it.
BOOST_AUTO_TEST_CASE_TEMPLATE(unique_lock_releases_on_exception, C, condition_types)
{
    using namespace condition_conformance;
    with_each_construction<C>([](C& c) {
        bool caught = false;
        try {
            std::unique_lock<C> guard(c);
            throw std::runtime_error("inside the scope");
        } catch (const std::runtime_error& e) {
            caught = std::string(e.what()) == "inside the scope";
        }
        BOOST_TEST(caught);
        BOOST_TEST(other_can_lock(c));
        c.lock();
        c.unlock();
    });
}

// Python test 15: holding the lock, wait(timeout=0.01) returns exactly False
// and the lock is held again.
BOOST_AUTO_TEST_CASE_TEMPLATE(wait_for_times_out_with_false, C, condition_types)
{
    using namespace condition_conformance;
    with_each_construction<C>([](C& c) {
        std::unique_lock<C> guard(c);
        auto start = steady_clock::now();
        const bool r = c.wait_for(10ms);
        BOOST_TEST(r == false);
        BOOST_TEST(since(start) >= 10ms);
        BOOST_TEST(!other_can_lock(c)); // held again
        start = steady_clock::now();
        BOOST_TEST(c.wait_until(steady_clock::now() + 10ms) == false);
        BOOST_TEST(since(start) >= 10ms);
        BOOST_TEST(c.wait_until(std::chrono::system_clock::now() + 10ms) == false);
        BOOST_TEST(!other_can_lock(c));
    });
}

BOOST_AUTO_TEST_CASE_TEMPLATE(timed_waits_return_within_bounds, C, condition_types)
{
    using namespace condition_conformance;
    C c;
    std::unique_lock<C> guard(c);
    {
        const auto start = steady_clock::now();
        const bool r = c.wait_for(50ms);
        const auto elapsed = since(start);
        BOOST_TEST(r == false);
        BOOST_TEST(elapsed >= 50ms);
        BOOST_TEST(elapsed < 550ms);
    }
    {
        const auto start = steady_clock::now();
        const bool r = c.wait_until(std::chrono::system_clock::now() + 50ms);
        const auto elapsed = since(start);
        BOOST_TEST(r == false);
        BOOST_TEST(elapsed >= 49ms); // less a microsecond of disagreement between the clocks
        BOOST_TEST(elapsed < 550ms);
    }
    {
        const auto start = steady_clock::now();
        BOOST_TEST(c.wait_for(0ms) == false);
        BOOST_TEST(c.wait_for(-1s) == false);
        BOOST_TEST(c.wait_until(steady_clock::now() - 1s) == false);
        BOOST_TEST(since(start) < 100ms);
    }
    BOOST_TEST(!other_can_lock(c));
}

// Python test 16: wait_for(pred, timeout) with a true predicate returns true
// at once; a false one returns its last value, false, after the timeout.
BOOST_AUTO_TEST_CASE_TEMPLATE(predicate_waits_return_the_predicate, C, condition_types)
{
    using namespace condition_conformance;
    with_each_construction<C>([](C& c) {
        std::unique_lock<C> guard(c);
        int calls = 0;
        auto yes = [&] {
            ++calls;
            return true;
        };
        auto start = steady_clock::now();
        BOOST_TEST(c.wait_for(1s, yes) == true);
        BOOST_TEST(c.wait_until(steady_clock::now() + 1s, yes) == true);
        BOOST_TEST(c.wait_until(std::chrono::system_clock::now() + 1s, yes) == true);
        c.wait(yes);
        BOOST_TEST(since(start) < 500ms);
        BOOST_TEST(calls == 4); // looked at once each
        start = steady_clock::now();
        BOOST_TEST(c.wait_for(20ms, [] { return false; }) == false);
        BOOST_TEST(since(start) >= 20ms);
        BOOST_TEST(c.wait_until(std::chrono::system_clock::now() + 20ms, [] { return false; }) == false);
        BOOST_TEST(c.wait_for(-1s, [] { return false; }) == false);
        BOOST_TEST(!other_can_lock(c));
    });
}

// Python test 17: notify(0) and notify(10) with no waiters, then the lock
// can be taken again.
BOOST_AUTO_TEST_CASE_TEMPLATE(notify_without_waiters, C, condition_types)
{
    using namespace condition_conformance;
    with_each_construction<C>([](C& c) {
        bool threw = false;
        try {
            std::unique_lock<C> guard(c);
            c.notify(0);
            c.notify(10);
            c.notify();
            c.notify(-1);
        } catch (...) {
            threw = true;
        }
        BOOST_TEST(!threw);
        BOOST_TEST(other_can_lock(c));
        BOOST_TEST(c.try_lock());
        c.unlock();
    });
}

// Python test 18: notify_all() inside the lock, then acquire again.
BOOST_AUTO_TEST_CASE_TEMPLATE(notify_all_then_reacquire, C, condition_types)
{
    using namespace condition_conformance;
    with_each_construction<C>([](C& c) {
        {
            std::unique_lock<C> guard(c);
            c.notify_all();
        }
        BOOST_TEST(other_can_lock(c));
        BOOST_TEST(c.try_lock_for(10ms));
        c.unlock();
    });
}

// Waiting or notifying without the lock is misuse (Python: RuntimeError).
BOOST_AUTO_TEST_CASE_TEMPLATE(wait_and_notify_require_the_lock, C, condition_types)
{
    using namespace condition_conformance;
    with_each_construction<C>([](C& c) {
        auto no = [] { return false; };
        BOOST_TEST(refused_as_not_held([&] { c.wait(); }));
        BOOST_TEST(refused_as_not_held([&] { (void)c.wait_for(1ms); }));
        BOOST_TEST(refused_as_not_held([&] { (void)c.wait_until(steady_clock::now() + 1ms); }));
        BOOST_TEST(refused_as_not_held([&] { c.wait(no); }));
        BOOST_TEST(refused_as_not_held([&] { (void)c.wait_for(1ms, no); }));
        BOOST_TEST(refused_as_not_held([&] { (void)c.wait_until(steady_clock::now() + 1ms, no); }));
        BOOST_TEST(refused_as_not_held([&] { c.notify(); }));
        BOOST_TEST(refused_as_not_held([&] { c.notify(0); }));
        BOOST_TEST(refused_as_not_held([&] { c.notify_all(); }));
        BOOST_TEST(refused_as_not_held([&] { c.unlock(); }));
        BOOST_TEST(other_can_lock(c)); // the refusals left the lock free
        // Held by another thread is not held by the caller.
        c.lock();
        const bool refused = in_other_thread([&] {
            return refused_as_not_held([&] { c.notify(); }) && refused_as_not_held([&] { c.notify_all(); }) &&
                   refused_as_not_held([&] { (void)c.wait_for(1ms); }) && refused_as_not_held([&] { c.unlock(); });
        });
        BOOST_TEST(refused);
        BOOST_TEST(!other_can_lock(c)); // still ours
        c.unlock();
    });
}

// A recursive lock held three deep: wait releases every level (another
// contender takes the lock meanwhile) and restores all three.
BOOST_AUTO_TEST_CASE_TEMPLATE(wait_releases_and_restores_every_level, C, condition_types)
{
    using namespace condition_conformance;
    typename locks_of<C>::recursive_mutex r;
    C over_recursive(r);
    C own;
    for (C* pc : {&own, &over_recursive}) {
        BOOST_TEST_CONTEXT((pc == &own ? "condition()" : "condition(recursive_mutex)"))
        {
            C& c = *pc;
            freethreading_test::shared_page<std::atomic<int>> took(0);
            c.lock();
            c.lock();
            c.lock();
            background_contenders other(is_shared<C>(), 1, [&](int) {
                if (!c.try_lock_for(5s))
                    return false;
                took->store(1);
                c.notify();
                c.unlock();
                return true;
            });
            BOOST_TEST(c.wait_for(5s, [&] { return took->load() == 1; }));
            BOOST_TEST(other.join());
            c.unlock();
            BOOST_TEST(!other_can_lock(c)); // two levels left
            c.unlock();
            BOOST_TEST(!other_can_lock(c)); // one level left
            c.unlock();
            BOOST_TEST(other_can_lock(c));
            try {
                c.unlock();
                BOOST_ERROR("a fourth unlock must throw");
            } catch (const std::logic_error&) {
            }
        }
    }
    BOOST_TEST(!r.locked());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// A notify under the lock takes effect when the notifier releases the lock,
// whichever handle it releases it through: the waiter returns promptly after
// the unlock (and not at its 5 s timeout).
BOOST_AUTO_TEST_CASE_TEMPLATE(notify_wakes_the_waiter_when_the_lock_is_released, C, condition_types)
{
    using namespace condition_conformance;
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
BOOST_AUTO_TEST_CASE_TEMPLATE(notify_one_then_all, C, condition_types)
{
    using namespace condition_conformance;
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
BOOST_AUTO_TEST_CASE_TEMPLATE(producer_consumer_through_one_slot, C, condition_types)
{
    using namespace condition_conformance;
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

// DESIGN §4.2: a condition's lock is robust on shared memory. A process that
// dies holding it is reported once: lock() throws owner_died_error without
// the lock; wait*() throws it *with* the lock held.
BOOST_AUTO_TEST_CASE_TEMPLATE(owner_death_is_reported_once, C, condition_types)
{
    using namespace condition_conformance;
    if (!is_shared<C>()) {
        BOOST_TEST_MESSAGE("in-process condition: no other process can die holding it");
        return;
    }
    with_each_construction<C>([](C& c) {
        // A child takes the lock and exits holding it.
        const auto status = freethreading_test::run_in_child([&] {
            c.lock();
            return true;
        });
        BOOST_TEST(status.exited_with(0));
        try {
            c.lock();
            BOOST_ERROR("lock() after the owner died must throw owner_died_error");
            c.unlock();
        } catch (const freethreading::owner_died_error&) {
        }
        BOOST_TEST(other_can_lock(c)); // returned without the lock, which is consistent
        c.lock();                      // and reported once
        c.unlock();

        // A waiter times out while a child dies holding the lock: the wait
        // throws with the lock held.
        freethreading_test::shared_page<std::atomic<int>> took(0);
        c.lock();
        const pid_t child = freethreading_test::start_child([&] {
            if (!c.try_lock_for(5s))
                return false;
            took->store(1);
            return true; // exits holding the lock
        });
        bool died = false;
        try {
            (void)c.wait_for(200ms, [&] { return took->load() == 1; });
        } catch (const freethreading::owner_died_error&) {
            died = true;
        }
        BOOST_TEST(died);
        BOOST_TEST(freethreading_test::wait_child(child).exited_with(0));
        BOOST_TEST(!other_can_lock(c)); // held by us
        c.unlock();                     // and unlockable by us: we are the owner
        BOOST_TEST(other_can_lock(c));
    });
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// A notifier that dies holding the lock after notify(): the waiter must not
// sleep until its timeout (an untimed wait() would never return, against
// DESIGN §4.2 "wait*() always returns or throws holding its lock"); it wakes
// and throws owner_died_error holding the lock.
// (notify() defers its futex wake to the unlock that frees the lock, which a
// dead notifier never runs: the waiter must notice the moved sequence anyway.)
BOOST_AUTO_TEST_CASE_TEMPLATE(notify_then_owner_death_wakes_the_waiter, C, condition_types)
{
    using namespace condition_conformance;
    if (!is_shared<C>()) {
        BOOST_TEST_MESSAGE("in-process condition: no other process can die holding it");
        return;
    }
    C c;
    freethreading_test::shared_page<std::atomic<int>> took(0);
    c.lock();
    const pid_t child = freethreading_test::start_child([&] {
        if (!c.try_lock_for(5s))
            return false;
        took->store(1);
        c.notify();
        return true; // exits holding the lock, its notify pending
    });
    const auto start = steady_clock::now();
    bool died = false;
    try {
        (void)c.wait_for(2s, [&] { return took->load() == 1; });
    } catch (const freethreading::owner_died_error&) {
        died = true;
    }
    const auto elapsed = since(start);
    BOOST_TEST(died);
    BOOST_TEST(elapsed < 1000ms);
    BOOST_TEST(freethreading_test::wait_child(child).exited_with(0));
    c.unlock();
    BOOST_TEST(other_can_lock(c));
    BOOST_TEST(freethreading_test::count_children() == 0);
}

#endif // FREETHREADING_SYNC_TEST_CONDITION_CONFORMANCE_HPP
