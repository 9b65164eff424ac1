//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_TEST_SUPPORT_HPP
#define FREETHREADING_QUEUE_TEST_SUPPORT_HPP

// Small helpers every queue test uses.

#include <freethreading/queue.hpp>

#include <freethreading/core/detail/access.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <unistd.h>

namespace queue_test {

/** The same spelling of a queue with another item type, and where it keeps
    its state (DESIGN §3). */
template <class Q, class U>
struct rebind;

template <class T, class D, bool J, class U>
struct rebind<freethreading::detail::basic_queue<T, D, J>, U>
{
    using type = freethreading::detail::basic_queue<U, D, J>;
    using domain = D;
};

template <class T, class D, class U>
struct rebind<freethreading::detail::basic_simple_queue<T, D>, U>
{
    using type = freethreading::detail::basic_simple_queue<U, D>;
    using domain = D;
};

template <class Q, class U>
using with_item = typename rebind<Q, U>::type;

template <class Q>
using domain_of = typename rebind<Q, int>::domain;

/** The state of a handle (a queue, or a lock put in one), reached as the
    library reaches it: through freethreading::detail::access. */
template <class H>
decltype(auto) state_of(const H& h)
{
    return freethreading::detail::access::state(h);
}

/** Contenders are processes exactly when the state is where forked children see it. */
template <class Q>
bool is_shared(const Q& q)
{
    return state_of(q).is_shared();
}

/** In a contender, where BOOST_TEST cannot report: says what failed on stderr. */
inline bool expect(bool ok, const std::string& what)
{
    if (!ok)
        std::fprintf(stderr, "[contender %d] %s\n", int(::getpid()), what.c_str());
    return ok;
}

template <class T>
bool holds(const std::optional<T>& v, const T& expected)
{
    return v.has_value() && *v == expected;
}

} // namespace queue_test

#endif // FREETHREADING_QUEUE_TEST_SUPPORT_HPP
