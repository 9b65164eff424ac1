//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_SYNC_TEST_SYNC_TEST_SUPPORT_HPP
#define FREETHREADING_SYNC_TEST_SYNC_TEST_SUPPORT_HPP

// What the sync suites ask of a primitive besides its own interface: where
// its state lives, who holds a lock, and whether a second owner can take it.
// Internals are reached through freethreading::detail::access, as the library
// reaches them.

#include <freethreading/core/backend.hpp>
#include <freethreading/core/detail/access.hpp>

#include <boost/test/unit_test.hpp>

#include <thread>
#include <type_traits>

namespace sync_test {

/** Whether `p`'s state is where forked children see it: contenders are
    processes exactly then. */
template <class P>
bool is_shared(const P& p)
{
    const auto& state = freethreading::detail::access::state(p);
    if constexpr (requires { state.has_value(); })
        return state.has_value() && state->is_shared(); // a stop source's or token's optional state
    else
        return state.is_shared();
}

/** The state of `p`, for a test that inspects or damages it. */
template <class P>
decltype(auto) state_of(const P& p)
{
    return freethreading::detail::access::state(p);
}

/** True if the calling thread holds the lock `l` (a mutex or a condition). */
template <class L>
bool held_by_caller(const L& l)
{
    return freethreading::detail::access::held_by_caller(l);
}

/** Where the spelling `P` must keep its state (DESIGN §3): `Threading` in the
    process, `Multiprocessing` in shared memory, the facade where
    get_backend() says. */
template <class P, class Threading, class Multiprocessing>
bool expected_shared()
{
    if constexpr (std::is_same_v<P, Threading>)
        return false;
    else if constexpr (std::is_same_v<P, Multiprocessing>)
        return true;
    else
        return freethreading::get_backend() == freethreading::backend::multiprocessing;
}

/** True, after saying why, when no other process can own a primitive
    (`shared` is false): an owner-death case then has nothing to test. */
inline bool skip_unless_shared(bool shared)
{
    if (!shared)
        BOOST_TEST_MESSAGE("in-process state: no other process can die holding it; "
                           "covered under the multiprocessing backend");
    return !shared;
}

/** Runs `f` in another thread and returns its result: a second owner. */
template <class F>
auto in_other_thread(F f)
{
    decltype(f()) r{};
    std::thread([&] { r = f(); }).join();
    return r;
}

/** True if another thread can take the lock `l` now (it gives it back). */
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

} // namespace sync_test

#endif // FREETHREADING_SYNC_TEST_SYNC_TEST_SUPPORT_HPP
