//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_HANDLER_NODE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_HANDLER_NODE_HPP

// A function object given to a pool's Asio executor (DESIGN §7), as the
// engines keep it until one of their threads runs it: the thread engine
// queues it as a task, the process engine hands it to its completion
// thread. Nothing here crosses into another process.

#include <freethreading/executor/detail/config.hpp>

#include <memory>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

/** Prints what escaped a handler run by a pool's executor to stderr: the
    pool's threads have no caller to give it to (as for done callbacks). */
FREETHREADING_EXECUTOR_DECL void report_handler_exception() noexcept;

/** A handler that reports, rather than lets out, what it throws. */
template <class F>
class guarded_handler
{
public:
    template <class G>
    explicit guarded_handler(G&& g) : f_(std::forward<G>(g))
    {
    }

    void operator()() noexcept
    {
        try {
            std::move(f_)();
        } catch (...) {
            report_handler_exception();
        }
    }

private:
    F f_;
};

/** A type-erased handler waiting for the process engine's completion thread. */
class handler_node
{
public:
    virtual ~handler_node() = default;
    /** Runs the handler once; what it throws is reported. */
    virtual void run() noexcept = 0;
};

template <class F>
class handler_node_for final : public handler_node
{
public:
    template <class G>
    explicit handler_node_for(G&& g) : f_(std::forward<G>(g))
    {
    }

    void run() noexcept override { f_(); }

private:
    guarded_handler<F> f_;
};

/** `f` as a handler node. */
template <class F>
std::unique_ptr<handler_node> make_handler_node(F&& f)
{
    return std::make_unique<handler_node_for<std::decay_t<F>>>(std::forward<F>(f));
}

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_HANDLER_NODE_HPP
