//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_SEMAPHORE_CONFORMANCE_HPP
#define FREETHREADING_SYNC_TEST_SEMAPHORE_CONFORMANCE_HPP

// The semaphore_like suite, written once and run over every spelling of
// `semaphore` and `bounded_semaphore`, with `std::counting_semaphore` as the
// oracle. Include after defining `semaphore_types` (every spelling),
// `plain_semaphore_types` and `bounded_semaphore_types`.

#include <freethreading/sync/bounded_semaphore.hpp>
#include <freethreading/sync/concepts.hpp>
#include <freethreading/sync/semaphore.hpp>

#include <freethreading/core/backend.hpp>

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <random>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <vector>

namespace semaphore_conformance {

using namespace std::chrono_literals;
using std::chrono::steady_clock;

template <class T, class List>
struct is_one_of;

template <class T, class... Ts>
struct is_one_of<T, std::tuple<Ts...>> : std::bool_constant<(std::is_same_v<T, Ts> || ...)>
{
};

template <class S>
constexpr bool is_bounded = is_one_of<S, bounded_semaphore_types>::value;

// Where each spelling must keep its state (DESIGN §3).
template <class S>
bool expected_shared()
{
    namespace ft = freethreading;
    if constexpr (std::is_same_v<S, ft::threading::semaphore> || std::is_same_v<S, ft::threading::bounded_semaphore>)
        return false;
    else if constexpr (std::is_same_v<S, ft::multiprocessing::semaphore> ||
                       std::is_same_v<S, ft::multiprocessing::bounded_semaphore>)
        return true;
    else
        return ft::get_backend() == ft::backend::multiprocessing;
}

// Contenders are processes exactly when the state is where forked children see it.
template <class S>
bool is_shared(const S& s)
{
    return s.state().is_shared();
}

// The time since `start`, in milliseconds (printable in a failure message).
inline std::chrono::duration<double, std::milli> since(steady_clock::time_point start)
{
    return steady_clock::now() - start;
}

// A semaphore made with `n` units and then emptied: a bounded one may be
// released up to `n` again.
template <class S>
S drained(std::ptrdiff_t n)
{
    S s(n);
    for (std::ptrdiff_t i = 0; i < n; ++i)
        s.acquire();
    return s;
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

} // namespace semaphore_conformance

// Python test 6 / 34: Semaphore(2).acquire(), release().
BOOST_AUTO_TEST_CASE_TEMPLATE(acquire_release, S, semaphore_types)
{
    static_assert(freethreading::semaphore_like<S>);
    static_assert(freethreading::primitive_handle<S>);
    S s(2);
    BOOST_TEST(s.value() == 2);
    s.acquire();
    BOOST_TEST(s.value() == 1);
    s.release();
    BOOST_TEST(s.value() == 2);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(default_value_is_one, S, semaphore_types)
{
    S s;
    BOOST_TEST(s.value() == 1);
    BOOST_TEST(s.try_acquire());
    BOOST_TEST(!s.try_acquire());
    s.release();
    BOOST_TEST(s.value() == 1);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(state_lives_where_the_spelling_says, S, semaphore_types)
{
    using namespace semaphore_conformance;
    S s;
    BOOST_TEST(is_shared(s) == expected_shared<S>());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(copies_are_the_same_semaphore, S, semaphore_types)
{
    S a(1);
    S b = a;
    BOOST_TEST((a == b));
    BOOST_TEST(!(a == S(1)));
    b.acquire();
    BOOST_TEST(a.value() == 0);
    BOOST_TEST(!a.try_acquire());
    a.release();
    BOOST_TEST(b.value() == 1);
    S c(3);
    c = a;
    BOOST_TEST((c == a));
    BOOST_TEST(c.value() == 1);
}

// Python test 7 / 35: an exception inside `with` releases the semaphore.
BOOST_AUTO_TEST_CASE_TEMPLATE(unique_lock_releases_on_exception, S, semaphore_types)
{
    S s(1);
    bool caught = false;
    try {
        std::unique_lock<S> guard(s);
        BOOST_TEST(s.value() == 0);
        throw std::runtime_error("inside the scope");
    } catch (const std::runtime_error& e) {
        caught = std::string(e.what()) == "inside the scope";
    }
    BOOST_TEST(caught);
    BOOST_TEST(s.value() == 1);
    BOOST_TEST(s.try_acquire());
    s.release();
    BOOST_TEST(s.value() == 1);
}

// Python test 36: acquire(timeout=0.01) succeeds, then a non-blocking one fails.
BOOST_AUTO_TEST_CASE_TEMPLATE(timed_acquire_then_try_acquire, S, semaphore_types)
{
    using namespace semaphore_conformance;
    S s(1);
    BOOST_TEST(s.try_acquire_for(10ms));
    BOOST_TEST(!s.try_acquire());
    BOOST_TEST(s.value() == 0);
    s.release();
    BOOST_TEST(s.try_acquire_until(steady_clock::now() + 10ms));
    s.release();
}

BOOST_AUTO_TEST_CASE_TEMPLATE(negative_value_is_invalid_argument, S, semaphore_types)
{
    try {
        S s(-1);
        BOOST_ERROR("a negative initial value must throw");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("negative") != std::string::npos);
    }
    try {
        S s(std::ptrdiff_t(1) << 31);
        BOOST_ERROR("an initial value above 2^31 - 1 must throw");
    } catch (const std::invalid_argument&) {
    }
    S zero(0);
    BOOST_TEST(zero.value() == 0);
    S large(0x7fffffff);
    BOOST_TEST(large.value() == 0x7fffffff);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(value_counts, S, semaphore_types)
{
    S s(3);
    BOOST_TEST(s.value() == 3);
    BOOST_TEST(s.try_acquire());
    BOOST_TEST(s.value() == 2);
    s.acquire();
    BOOST_TEST(s.value() == 1);
    s.release(2);
    BOOST_TEST(s.value() == 3);
    s.release(0); // releases nothing, even at the bound
    BOOST_TEST(s.value() == 3);
    try {
        s.release(-1);
        BOOST_ERROR("release(-1) must throw");
    } catch (const std::invalid_argument&) {
    }
    BOOST_TEST(s.value() == 3);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(s.try_acquire());
    BOOST_TEST(s.value() == 0);
    BOOST_TEST(!s.try_acquire());
    BOOST_TEST(s.value() == 0);
    s.release(3);
    BOOST_TEST(s.value() == 3);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(zero_and_negative_timeouts_try_once, S, semaphore_types)
{
    using namespace semaphore_conformance;
    S zero(0);
    S s = drained<S>(1);
    const auto start = steady_clock::now();
    BOOST_TEST(!zero.try_acquire());
    BOOST_TEST(!zero.try_acquire_for(0ms));
    BOOST_TEST(!s.try_acquire());
    BOOST_TEST(!s.try_acquire_for(0ms));
    BOOST_TEST(!s.try_acquire_for(-1s));
    BOOST_TEST(!s.try_acquire_for(std::chrono::nanoseconds::min()));
    BOOST_TEST(!s.try_acquire_until(steady_clock::now() - 1s));
    BOOST_TEST(!s.try_acquire_until(std::chrono::system_clock::now() - 1s));
    BOOST_TEST(!s.try_acquire_until(steady_clock::time_point::min()));
    BOOST_TEST(since(start) < 100ms);
    // With a unit free, a single try succeeds.
    s.release();
    BOOST_TEST(s.try_acquire_for(0ms));
    s.release();
    BOOST_TEST(s.try_acquire_for(-5ms));
    s.release();
    BOOST_TEST(s.try_acquire_until(steady_clock::now() - 1s));
    BOOST_TEST(s.value() == 0);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(timed_acquire_returns_within_bounds, S, semaphore_types)
{
    using namespace semaphore_conformance;
    S s = drained<S>(1);
    {
        const auto start = steady_clock::now();
        const bool got = s.try_acquire_for(50ms);
        const auto elapsed = since(start);
        BOOST_TEST(!got);
        BOOST_TEST(elapsed >= 50ms);
        BOOST_TEST(elapsed < 550ms);
    }
    {
        const auto start = steady_clock::now();
        const bool got = s.try_acquire_until(start + 50ms);
        const auto elapsed = since(start);
        BOOST_TEST(!got);
        BOOST_TEST(elapsed >= 50ms);
        BOOST_TEST(elapsed < 550ms);
    }
    {
        // Any clock: converted once to steady_clock. The system clock is
        // read after `start`, so the wait cannot end before start + 50 ms
        // (less a microsecond of disagreement between the two clocks).
        const auto start = steady_clock::now();
        const bool got = s.try_acquire_until(std::chrono::system_clock::now() + 50ms);
        const auto elapsed = since(start);
        BOOST_TEST(!got);
        BOOST_TEST(elapsed >= 49ms);
        BOOST_TEST(elapsed < 550ms);
    }
    s.release();
    {
        const auto start = steady_clock::now();
        BOOST_TEST(s.try_acquire_until(std::chrono::system_clock::now() + 5s));
        BOOST_TEST(since(start) < 500ms);
    }
    BOOST_TEST(s.value() == 0);
}

// The same script on ours and on std::counting_semaphore: every try and every
// count must agree. Releases stay within the bound (a bounded semaphore's
// initial value; past the oracle's maximum std's behaviour is undefined).
BOOST_AUTO_TEST_CASE_TEMPLATE(matches_std_counting_semaphore_oracle, S, semaphore_types)
{
    using namespace semaphore_conformance;
    constexpr std::ptrdiff_t initial = 3;
    constexpr std::ptrdiff_t ceiling = is_bounded<S> ? initial : 40;
    S ours(initial);
    std::counting_semaphore<64> oracle(initial);
    std::ptrdiff_t count = initial; // the count both must have
    std::minstd_rand random(2026);
    int mismatches = 0;
    int successes = 0;
    // libstdc++'s try_acquire() on an empty counting_semaphore spins and
    // yields (tens of milliseconds on a loaded machine), so the script tries
    // an empty semaphore a bounded number of times and releases instead.
    int tries_on_empty = 0;
    for (int step = 0; step < 3000; ++step) {
        bool a = false;
        bool b = false;
        unsigned op = random() % 6;
        if (op <= 2 && count == 0) {
            if (tries_on_empty == 12)
                op = 5;
            else
                ++tries_on_empty;
        }
        switch (op) {
        case 0:
            a = ours.try_acquire();
            b = oracle.try_acquire();
            break;
        // A zero or past timeout tries once, which is std's try_acquire()
        // (whose own timed forms spin and yield: seconds under CPU load).
        case 1:
            a = ours.try_acquire_for(0ms);
            b = oracle.try_acquire();
            break;
        case 2:
            a = ours.try_acquire_until(steady_clock::now() - 1ms);
            b = oracle.try_acquire();
            break;
        case 3:
            if (count == 0)
                continue;
            ours.acquire(); // a unit is free: must not block
            oracle.acquire();
            a = b = true;
            break;
        default: {
            const std::ptrdiff_t n = std::ptrdiff_t(random() % 3) + 1;
            if (count + n > ceiling)
                continue;
            ours.release(n);
            oracle.release(n);
            count += n;
            continue;
        }
        }
        if (a != b)
            ++mismatches;
        if (a && b) {
            --count;
            ++successes;
        }
        if (ours.value() != count)
            ++mismatches;
    }
    BOOST_TEST(mismatches == 0);
    BOOST_TEST(successes > 100);      // the script really acquired
    BOOST_TEST(tries_on_empty == 12); // and really tried an empty semaphore
    BOOST_TEST(ours.value() == count);
}

// A bounded semaphore refuses to pass its initial value (Python's ValueError).
BOOST_AUTO_TEST_CASE_TEMPLATE(over_release_is_a_logic_error, S, bounded_semaphore_types)
{
    S s(2);
    try {
        s.release();
        BOOST_ERROR("releasing a full bounded semaphore must throw");
    } catch (const std::logic_error& e) {
        BOOST_TEST(std::string(e.what()).find("released too many times") != std::string::npos);
    }
    BOOST_TEST(s.value() == 2);
    s.acquire();
    try {
        s.release(2); // 1 + 2 > 2: nothing is released
        BOOST_ERROR("release(2) past the bound must throw");
    } catch (const std::logic_error& e) {
        BOOST_TEST(std::string(e.what()).find("released too many times") != std::string::npos);
    }
    BOOST_TEST(s.value() == 1);
    s.release();
    BOOST_TEST(s.value() == 2);
    S empty(0);
    try {
        empty.release();
        BOOST_ERROR("releasing bounded_semaphore(0) must throw");
    } catch (const std::logic_error&) {
    }
    BOOST_TEST(empty.value() == 0);
}

// A plain semaphore may be released above its initial value (Python).
BOOST_AUTO_TEST_CASE_TEMPLATE(plain_semaphore_may_exceed_its_initial_value, S, plain_semaphore_types)
{
    S s(1);
    s.release();
    BOOST_TEST(s.value() == 2);
    s.release(5);
    BOOST_TEST(s.value() == 7);
    for (int i = 0; i < 7; ++i)
        BOOST_TEST(s.try_acquire());
    BOOST_TEST(!s.try_acquire());
    S zero(0);
    zero.release();
    BOOST_TEST(zero.value() == 1);
}

// release(n) lets exactly n waiters through: three contenders wait on an
// empty semaphore; release(2) admits two, release(1) the third.
BOOST_AUTO_TEST_CASE_TEMPLATE(release_n_wakes_n_waiters, S, semaphore_types)
{
    using namespace semaphore_conformance;
    struct shared_counts
    {
        std::atomic<int> waiting{0};
        std::atomic<int> acquired{0};
    };
    S s = drained<S>(3);
    freethreading_test::shared_page<shared_counts> counts;
    background_contenders contenders(is_shared(s), 3, [&](int) {
        ++counts->waiting;
        if (!s.try_acquire_for(5s))
            return false;
        ++counts->acquired;
        return true;
    });
    BOOST_TEST(eventually([&] { return counts->waiting.load() == 3; }));
    std::this_thread::sleep_for(50ms); // let them fall asleep
    BOOST_TEST(counts->acquired.load() == 0);
    s.release(2);
    BOOST_TEST(eventually([&] { return counts->acquired.load() == 2; }, 2s));
    std::this_thread::sleep_for(50ms);
    BOOST_TEST(counts->acquired.load() == 2); // not a third
    BOOST_TEST(s.value() == 0);
    s.release(1);
    BOOST_TEST(contenders.join());
    BOOST_TEST(counts->acquired.load() == 3);
    BOOST_TEST(s.value() == 0);
    BOOST_TEST(freethreading_test::count_children() == 0);
}

// semaphore(2) with four contenders (processes where the state is shared)
// never lets three into the section, and counts every entry.
BOOST_AUTO_TEST_CASE_TEMPLATE(admits_at_most_its_value, S, semaphore_types)
{
    using namespace semaphore_conformance;
    constexpr int contenders = 4;
    constexpr int rounds = 2000;
    struct section
    {
        std::atomic<int> started{0};
        std::atomic<int> inside{0};
        std::atomic<int> most{0};
        std::atomic<long> entries{0};
    };
    S s(2);
    freethreading_test::shared_page<section> page;
    const bool ok = freethreading_test::run_contenders(is_shared(s), contenders, [&](int) {
        // Start together, so that the contenders really overlap.
        page->started.fetch_add(1);
        while (page->started.load() < contenders)
            std::this_thread::sleep_for(100us);
        for (int i = 0; i < rounds; ++i) {
            s.acquire();
            const int now = page->inside.fetch_add(1) + 1;
            int most = page->most.load();
            while (now > most && !page->most.compare_exchange_weak(most, now))
                ;
            for (int k = 0; k < 64; ++k)
                (void)page->inside.load(std::memory_order_relaxed);
            if (i % 64 == 0)
                std::this_thread::yield(); // now and then, give the others the CPU while inside
            page->inside.fetch_sub(1);
            page->entries.fetch_add(1);
            s.release();
        }
        return true;
    });
    BOOST_TEST(ok);
    BOOST_TEST(page->most.load() == 2);
    BOOST_TEST(page->entries.load() == long(contenders) * rounds);
    BOOST_TEST(page->inside.load() == 0);
    BOOST_TEST(s.value() == 2);
    BOOST_TEST(freethreading_test::count_children() == 0);
}

#endif // FREETHREADING_SYNC_TEST_SEMAPHORE_CONFORMANCE_HPP
