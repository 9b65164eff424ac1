//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_ASIO_EXECUTOR_HPP
#define FREETHREADING_EXECUTOR_DETAIL_ASIO_EXECUTOR_HPP

#include <freethreading/executor/detail/asio_context_slot.hpp>

#include <boost/asio/execution.hpp>
#include <boost/asio/execution_context.hpp>

#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

/** The execution context a pool's Asio executor reports
    (`query(execution::context)`): where services of operations whose
    handlers run on the pool live. Destroyed after the pool's threads have
    ended, so its services' shutdown sees no handler running. */
class pool_execution_context final : public asio_context_base, public boost::asio::execution_context
{
};

/** A pool's Asio executor (DESIGN §7): a light handle (the pool's engine
    and its context) that models `boost::asio::execution::executor`, so
    `post`, `dispatch`, `defer`, `co_spawn`, strands and `any_io_executor`
    accept it.

    Handlers run in the calling process: on the pool's worker threads
    (threading) or on its completion thread (multiprocessing), never in a
    worker process — work reaches those only through `submit`, `map` and
    the other members that check it (DESIGN §5). `execute(f)` with
    `blocking.possibly` (the default, what `dispatch` asks for) runs `f` at
    once when called on one of those threads; otherwise, and with
    `blocking.never` (`post`, `defer`), it queues `f`. Handlers that escape
    with an exception have it printed to stderr.

    Outstanding work is not tracked: the pool's threads live until its
    `shutdown()`, whatever is queued. Handlers queued before `shutdown()`
    (or by its own threads while it drains) run; `execute` after that
    throws `std::logic_error`. An executor must not outlive its pool.

    @par Thread Safety
    Every member may be called concurrently. Queuing a handler
    happens-before its call. */
template <class Engine>
class pool_asio_executor
{
public:
    pool_asio_executor(Engine& engine, asio_context_slot& slot)
        : engine_(&engine),
          context_(&slot.get<pool_execution_context>([] { return std::make_unique<pool_execution_context>(); }))
    {
    }

    /** Runs `f()` on the pool's threads (see the class). */
    template <class F>
    void execute(F&& f) const
    {
        if (!never_blocking_ && engine_->running_in_this_thread()) {
            std::decay_t<F> g(std::forward<F>(f));
            std::move(g)();
            return;
        }
        if (!engine_->post_handler(std::forward<F>(f)))
            throw std::logic_error("freethreading: a handler was given to a worker_pool_executor's executor "
                                   "after shutdown() or terminate()");
    }

    /** The calling thread is one that runs this executor's handlers. */
    bool running_in_this_thread() const noexcept { return engine_->running_in_this_thread(); }

    pool_asio_executor require(boost::asio::execution::blocking_t::never_t) const noexcept
    {
        return with_never_blocking(true);
    }
    pool_asio_executor require(boost::asio::execution::blocking_t::possibly_t) const noexcept
    {
        return with_never_blocking(false);
    }

    boost::asio::execution::blocking_t query(boost::asio::execution::blocking_t) const noexcept
    {
        return never_blocking_ ? boost::asio::execution::blocking_t(boost::asio::execution::blocking.never)
                               : boost::asio::execution::blocking_t(boost::asio::execution::blocking.possibly);
    }
    static constexpr boost::asio::execution::mapping_t query(boost::asio::execution::mapping_t) noexcept
    {
        return boost::asio::execution::mapping.thread;
    }
    boost::asio::execution_context& query(boost::asio::execution::context_t) const noexcept { return *context_; }

    friend bool operator==(const pool_asio_executor& a, const pool_asio_executor& b) noexcept
    {
        return a.engine_ == b.engine_ && a.never_blocking_ == b.never_blocking_;
    }

private:
    pool_asio_executor with_never_blocking(bool never) const noexcept
    {
        pool_asio_executor e(*this);
        e.never_blocking_ = never;
        return e;
    }

    Engine* engine_;
    pool_execution_context* context_;
    bool never_blocking_ = false;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_ASIO_EXECUTOR_HPP
