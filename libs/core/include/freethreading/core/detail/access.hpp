//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_ACCESS_HPP
#define FREETHREADING_CORE_DETAIL_ACCESS_HPP

// The one door to the internals of the public handles (STYLE: public headers
// show the public interface). A handle keeps what other parts of the library
// need — its state, the constructor that adopts a decoded state, a lock's
// release and retake for conditions — private, and befriends `access`; the
// codec, conditions and the tests go through these forwarders, so a user's
// completion list shows only the interface of DESIGN §4.

#include <freethreading/core/detail/state_handle.hpp>

#include <cstdint>
#include <utility>

namespace freethreading::detail {

struct access
{
    /** The handle's state (a `state_handle`, or an optional one for stop
        sources and tokens): the codec encodes it, tests ask where it lives. */
    template <class Handle>
    static decltype(auto) state(const Handle& h) noexcept
    {
        return h.state();
    }

    /** A handle adopting a state decoded from a record (DESIGN §3: decoding
        transfers the reference). */
    template <class Handle, class State>
    static Handle adopt(State&& s) noexcept
    {
        return Handle(adopt_state, std::forward<State>(s));
    }

    /** True if the calling thread holds the lock `l` (a mutex or a condition). */
    template <class Lock>
    static bool held_by_caller(const Lock& l) noexcept
    {
        return l.held_by_caller();
    }

    /** For conditions: releases every level of `m` the caller holds and
        returns how many. */
    template <class Mutex>
    static std::uint32_t unlock_all(Mutex& m) noexcept
    {
        return m.unlock_all();
    }

    /** For conditions: takes `m` again at `depth` levels; returns the raw
        acquisition result. */
    template <class Mutex>
    static decltype(auto) relock(Mutex& m, std::uint32_t depth)
    {
        return m.relock(depth);
    }
};

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_ACCESS_HPP
