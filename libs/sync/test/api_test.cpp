//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The public surface of the sync module, exactly as DESIGN §4 and §4.1 spell
// it, for every spelling (threading::, multiprocessing::, facade): return
// types, constness, explicit constructors and their defaults, the Python
// aliases, durations of any type and `_until` with any clock, and the
// standard lock adaptors. Most checks are static_asserts (a failure is a
// compile error naming the expression); the cases run what only shows at
// run time (default values, std::scoped_lock and std::unique_lock at work).

#include <freethreading/sync.hpp>

#include <freethreading_test/api_check.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <stop_token>
#include <type_traits>

namespace ft = freethreading;
using freethreading_test::api_sample::explicitly_constructible;
using freethreading_test::api_sample::internals_are_private;
using namespace std::chrono_literals;

namespace {

// One namespace's spellings (threading::, multiprocessing:: or the facade),
// by their public names.
#define FT_SYNC_SPELLING(name, ns) \
    struct name \
    { \
        using mutex = ns::mutex; \
        using recursive_mutex = ns::recursive_mutex; \
        using lock = ns::lock; \
        using rlock = ns::rlock; \
        using semaphore = ns::semaphore; \
        using bounded_semaphore = ns::bounded_semaphore; \
        using condition = ns::condition; \
        using event = ns::event; \
        using barrier = ns::barrier; \
        using stop_source = ns::stop_source; \
        using stop_token = ns::stop_token; \
    }
FT_SYNC_SPELLING(threading_spelling, ft::threading);
FT_SYNC_SPELLING(multiprocessing_spelling, ft::multiprocessing);
FT_SYNC_SPELLING(facade_spelling, ft);

namespace th = ft::threading;
namespace mp = ft::multiprocessing;

// A handle (DESIGN §3): a copy refers to the same primitive, so it is passed by value.
template <class P>
constexpr bool is_handle = std::is_copy_constructible_v<P> && std::is_copy_assignable_v<P>;

// A predicate of a class type (a lambda's stand-in in an unevaluated operand).
struct always
{
    bool operator()() const { return true; }
};

// TimedLockable (the `lock` / `rlock` row, and a condition is one too).
template <class L>
constexpr bool timed_lockable_api()
{
    FT_API_RETURNS(L, void, x.lock());
    FT_API_RETURNS(L, bool, x.try_lock());
    FT_API_RETURNS_FOR_DURATIONS(L, bool, x.try_lock_for(d));
    FT_API_RETURNS_FOR_TIME_POINTS(L, bool, x.try_lock_until(t));
    FT_API_RETURNS(L, void, x.unlock());
    static_assert(ft::timed_lockable<L>);
    return true;
}

// lock / rlock: aliases of mutex / recursive_mutex (§4.1).
template <class S>
constexpr bool lock_api()
{
    using M = typename S::mutex;
    using R = typename S::recursive_mutex;
    static_assert(std::is_same_v<typename S::lock, M>);
    static_assert(std::is_same_v<typename S::rlock, R>);
    static_assert(!std::is_same_v<M, R>);
    static_assert(std::is_default_constructible_v<M> && is_handle<M>);
    static_assert(std::is_default_constructible_v<R> && is_handle<R>);
    static_assert(timed_lockable_api<M>() && timed_lockable_api<R>());
    FT_API_RETURNS(M, bool, x.locked()); // mutex::locked()
    return true;
}

// semaphore / bounded_semaphore: explicit (std::ptrdiff_t value = 1).
template <class Sem>
constexpr bool semaphore_api()
{
    static_assert(explicitly_constructible<Sem, std::ptrdiff_t>);
    static_assert(!std::is_convertible_v<std::ptrdiff_t, Sem> && !std::is_convertible_v<int, Sem>);
    static_assert(explicitly_constructible<Sem>); // the default argument of the explicit constructor
    static_assert(is_handle<Sem>);
    FT_API_RETURNS(Sem, void, x.acquire());
    FT_API_RETURNS(Sem, bool, x.try_acquire());
    FT_API_RETURNS_FOR_DURATIONS(Sem, bool, x.try_acquire_for(d));
    FT_API_RETURNS_FOR_TIME_POINTS(Sem, bool, x.try_acquire_until(t));
    FT_API_RETURNS(Sem, void, x.release());
    FT_API_RETURNS(Sem, void, x.release(std::ptrdiff_t{2}));
    static_assert(requires(Sem& x) {
        { x.value() } -> std::integral; // "counts are integers" (§4.1)
    });
    FT_API_REJECTS(Sem, { x.value() } -> std::same_as<bool>);
    static_assert(ft::semaphore_like<Sem>);
    return true;
}

// condition(), explicit condition(mutex), explicit condition(recursive_mutex).
template <class S>
constexpr bool condition_api()
{
    using C = typename S::condition;
    using M = typename S::mutex;
    using R = typename S::recursive_mutex;
    static_assert(std::is_default_constructible_v<C> && is_handle<C>);
    static_assert(explicitly_constructible<C, M> && !std::is_convertible_v<M, C>);
    static_assert(explicitly_constructible<C, R> && !std::is_convertible_v<R, C>);
    static_assert(timed_lockable_api<C>());
    using pred = bool (*)();
    FT_API_RETURNS(C, void, x.wait());
    FT_API_RETURNS_FOR_DURATIONS(C, bool, x.wait_for(d));
    FT_API_RETURNS_FOR_TIME_POINTS(C, bool, x.wait_until(t));
    FT_API_RETURNS(C, void, x.wait(pred{}));
    FT_API_RETURNS(C, void, x.wait(always{}));
    FT_API_RETURNS_FOR_DURATIONS(C, bool, x.wait_for(d, pred{})); // the duration first, as the standard
    FT_API_RETURNS_FOR_TIME_POINTS(C, bool, x.wait_until(t, always{}));
    FT_API_RETURNS(C, void, x.notify());
    FT_API_RETURNS(C, void, x.notify(std::ptrdiff_t{3}));
    FT_API_RETURNS(C, void, x.notify_all());
    static_assert(ft::condition_like<C>);
    return true;
}

template <class E>
constexpr bool event_api()
{
    static_assert(std::is_default_constructible_v<E> && is_handle<E>);
    FT_API_RETURNS(E, void, x.set());
    FT_API_RETURNS(E, void, x.clear());
    FT_API_RETURNS(E, bool, cx.is_set());
    FT_API_RETURNS(E, void, x.wait());
    FT_API_RETURNS_FOR_DURATIONS(E, bool, x.wait_for(d));
    FT_API_RETURNS_FOR_TIME_POINTS(E, bool, x.wait_until(t));
    static_assert(ft::event_like<E>);
    return true;
}

void no_action() {}

// explicit barrier(std::size_t parties, void (*action)() = nullptr,
//                  std::optional<std::chrono::nanoseconds> timeout = std::nullopt)
template <class B>
constexpr bool barrier_api()
{
    using timeout = std::optional<std::chrono::nanoseconds>;
    constexpr auto lambda = [] {};
    static_assert(explicitly_constructible<B, std::size_t>);
    static_assert(!std::is_convertible_v<std::size_t, B>);
    static_assert(explicitly_constructible<B, std::size_t, void (*)()>);
    static_assert(explicitly_constructible<B, std::size_t, void (*)(), timeout>);
    static_assert(std::is_constructible_v<B, std::size_t, decltype(lambda)>); // a capture-less lambda converts
    static_assert(std::is_constructible_v<B, std::size_t, std::nullptr_t, std::chrono::milliseconds>);
    static_assert(!std::is_constructible_v<B, std::size_t, void (*)(int)>);
    static_assert(!std::is_default_constructible_v<B>); // parties has no default
    static_assert(is_handle<B>);
    FT_API_RETURNS(B, std::size_t, x.wait()); // the arrival index
    FT_API_RETURNS_FOR_DURATIONS(B, std::size_t, x.wait_for(d));
    FT_API_RETURNS(B, void, x.reset());
    FT_API_RETURNS(B, void, x.abort());
    FT_API_RETURNS(B, std::size_t, cx.parties());
    FT_API_RETURNS(B, std::size_t, cx.n_waiting());
    FT_API_RETURNS(B, bool, cx.broken());
    static_assert(ft::barrier_like<B>);
    return true;
}

// stop_source / stop_token: the interface of std::stop_source / std::stop_token.
template <class S>
constexpr bool stop_token_api()
{
    using Src = typename S::stop_source;
    using Tok = typename S::stop_token;
    static_assert(std::is_default_constructible_v<Src> && is_handle<Src>);
    static_assert(explicitly_constructible<Src, std::nostopstate_t>);
    static_assert(std::is_nothrow_constructible_v<Src, std::nostopstate_t>);
    FT_API_RETURNS(Src, bool, x.request_stop());
    FT_API_RETURNS(Src, bool, cx.stop_requested());
    FT_API_RETURNS(Src, bool, cx.stop_possible());
    FT_API_NOEXCEPT(Src, cx.stop_possible());
    FT_API_RETURNS(Src, Tok, cx.get_token());
    FT_API_NOEXCEPT(Src, cx.get_token());
    FT_API_RETURNS(Src, void, x.swap(x));
    FT_API_NOEXCEPT(Src, x.swap(x));
    FT_API_RETURNS(Src, void, swap(x, x));
    FT_API_RETURNS(Src, bool, cx == cx);
    static_assert(std::is_nothrow_default_constructible_v<Tok> && is_handle<Tok>);
    FT_API_RETURNS(Tok, bool, cx.stop_requested());
    FT_API_RETURNS(Tok, bool, cx.stop_possible());
    FT_API_NOEXCEPT(Tok, cx.stop_possible());
    FT_API_RETURNS(Tok, void, x.swap(x));
    FT_API_NOEXCEPT(Tok, x.swap(x));
    FT_API_RETURNS(Tok, void, swap(x, x));
    FT_API_RETURNS(Tok, bool, cx == cx);
    static_assert(ft::stop_source_like<Src> && ft::stop_token_like<Tok>);
    return true;
}

template <class S>
constexpr bool sync_api()
{
    static_assert(lock_api<S>());
    static_assert(semaphore_api<typename S::semaphore>() && semaphore_api<typename S::bounded_semaphore>());
    static_assert(!std::is_same_v<typename S::semaphore, typename S::bounded_semaphore>);
    static_assert(condition_api<S>());
    static_assert(event_api<typename S::event>());
    static_assert(barrier_api<typename S::barrier>());
    static_assert(stop_token_api<S>());
    static_assert(internals_are_private<typename S::mutex>() && internals_are_private<typename S::recursive_mutex>());
    static_assert(internals_are_private<typename S::semaphore>() && internals_are_private<typename S::condition>());
    static_assert(internals_are_private<typename S::event>() && internals_are_private<typename S::barrier>());
    static_assert(internals_are_private<typename S::stop_source>() && internals_are_private<typename S::stop_token>());
    return true;
}

static_assert(sync_api<threading_spelling>());
static_assert(sync_api<multiprocessing_spelling>());
static_assert(sync_api<facade_spelling>());

// The three spellings are three types (DESIGN §3), not one under three names.
static_assert(!std::is_same_v<th::mutex, mp::mutex> && !std::is_same_v<th::mutex, ft::mutex> &&
              !std::is_same_v<mp::mutex, ft::mutex>);

// std::scoped_lock, std::lock_guard and std::unique_lock with every timed
// member, on two locks at once where the standard takes several.
template <class L, class Other>
void use_with_standard_locks(L& l, Other& other)
{
    {
        std::scoped_lock both(l, other);
    }
    {
        std::lock_guard<L> guard(l);
    }
    std::unique_lock<L> u(l, std::defer_lock);
    BOOST_TEST(u.try_lock());
    u.unlock();
    BOOST_TEST(u.try_lock_for(std::chrono::duration<double>(0.01)));
    u.unlock();
    BOOST_TEST(u.try_lock_until(freethreading_test::api_sample::user_clock::now() + 10ms));
    u.unlock();
    std::unique_lock<L> timed(l, std::chrono::system_clock::now() + 10ms);
    BOOST_TEST(timed.owns_lock());
}

template <class S>
void run_defaults()
{
    BOOST_TEST(typename S::semaphore().value() == 1);
    BOOST_TEST(typename S::bounded_semaphore().value() == 1);
    typename S::semaphore s(3);
    s.release(); // n = 1
    BOOST_TEST(s.value() == 4);
    typename S::barrier b(1); // no action, no timeout
    BOOST_TEST(b.wait() == 0u);
    BOOST_TEST(b.parties() == 1u);
    typename S::barrier with_action(1, &no_action, 1s);
    BOOST_TEST(with_action.wait() == 0u);
    typename S::mutex m;
    typename S::recursive_mutex r;
    typename S::condition c;
    use_with_standard_locks(m, r);
    use_with_standard_locks(r, m);
    use_with_standard_locks(c, m);
    BOOST_TEST(!m.locked());
}

} // namespace

BOOST_AUTO_TEST_CASE(defaults_and_standard_locks_threading)
{
    run_defaults<threading_spelling>();
}

BOOST_AUTO_TEST_CASE(defaults_and_standard_locks_multiprocessing)
{
    run_defaults<multiprocessing_spelling>();
}

BOOST_AUTO_TEST_CASE(defaults_and_standard_locks_facade)
{
    run_defaults<facade_spelling>();
}
