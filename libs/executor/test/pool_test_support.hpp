//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_TEST_POOL_TEST_SUPPORT_HPP
#define FREETHREADING_EXECUTOR_TEST_POOL_TEST_SUPPORT_HPP

// What the pool and executor suites share: tasks that any spelling accepts
// (plain functions of value types, so a process pool takes them as well as
// a thread pool), and a gate that holds a worker, made of a
// multiprocessing::event so that it works across processes too.

#include <freethreading/worker/functions.hpp>

#include <freethreading/sync/event.hpp>

#include <freethreading/core/errors.hpp>

#include <freethreading_test/printing.hpp>
#include <freethreading_test/process_state.hpp>
#include <freethreading_test/timing.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace pool_tests {

using namespace std::chrono_literals;
using freethreading_test::eventually;
using freethreading_test::since;
using freethreading_test::steady_clock;
using freethreading_test::throws_logic_error;
using freethreading_test::timing_slack;

/** A user exception type: it travels as remote_error. */
struct user_error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

inline int square(int x)
{
    return x * x;
}

inline int add(int x, int y)
{
    return x + y;
}

inline void nothing(int) {}

inline std::uint64_t factorial(int n)
{
    std::uint64_t f = 1;
    for (int i = 2; i <= n; ++i)
        f *= static_cast<std::uint64_t>(i);
    return f;
}

inline bool is_prime(int n)
{
    if (n < 2)
        return false;
    for (int d = 2; d * d <= n; ++d)
        if (n % d == 0)
            return false;
    return true;
}

inline bool is_even(int n)
{
    return n % 2 == 0;
}

inline int boom(int)
{
    throw std::runtime_error("boom");
}

inline int throw_user_error(int)
{
    throw user_error("mine");
}

/** Throws for 3 and 5 (a map must report the 3's). */
inline int fails_at_three_and_five(int x)
{
    if (x == 3)
        throw std::runtime_error("three");
    if (x == 5)
        throw std::runtime_error("five");
    return x;
}

inline std::string worker_name(int)
{
    return freethreading::current_worker().name;
}

/** The worker's ident (get_ident() would give the pid on the
    multiprocessing backend, in a thread pool too). */
inline freethreading::ident_type worker_ident(int)
{
    return freethreading::current_worker().ident;
}

/** Holds its worker until the gate opens (20 s at most, so a failing test
    cannot hang); returns x. */
inline int held(freethreading::multiprocessing::event gate, int x)
{
    (void)gate.wait_for(20s);
    return x;
}

/** Marks `entered`, then holds its worker as `held`. */
inline int held_after(freethreading::multiprocessing::event entered, freethreading::multiprocessing::event gate,
                      int x)
{
    entered.set();
    (void)gate.wait_for(20s);
    return x;
}

/** `held` for an element of a map: (gate, x). */
inline int held_pair(std::pair<freethreading::multiprocessing::event, int> p)
{
    return held(p.first, p.second);
}

/** Runs until its stop token is requested (20 s at most); returns x, or -1
    if no stop came. */
template <class Token>
int until_stopped(Token token, int x)
{
    return token.wait_for(20s) ? x : -1;
}

inline std::vector<int> iota(int from, int to)
{
    std::vector<int> v;
    for (int i = from; i < to; ++i)
        v.push_back(i);
    return v;
}

inline std::vector<int> squares(const std::vector<int>& xs)
{
    std::vector<int> v;
    for (int x : xs)
        v.push_back(x * x);
    return v;
}

} // namespace pool_tests

#endif // FREETHREADING_EXECUTOR_TEST_POOL_TEST_SUPPORT_HPP
