//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_POOL_LIFECYCLE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_POOL_LIFECYCLE_HPP

#include <freethreading/executor/detail/engine.hpp>

#include <freethreading/core/detail/deadline.hpp>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace freethreading::detail {

/** Where a pool or executor is in its life: open, closed (`close()`,
    `shutdown()`) or terminated; the engine it owns; the misuse errors that
    name the member and what ended the pool (DESIGN §4.2); and the RAII end
    of DESIGN §4.3: the destructor lets the queued work finish and joins. */
template <class Engine>
class pool_lifecycle
{
public:
    enum class phase : unsigned char
    {
        open,
        closed,
        shut_down,
        terminated
    };

    /** `type` names the public class in messages ("worker_pool"). */
    pool_lifecycle(std::unique_ptr<Engine> engine, const char* type) noexcept
        : engine_(std::move(engine)), type_(type)
    {
    }

    pool_lifecycle(pool_lifecycle&& o) noexcept
        : engine_(std::move(o.engine_)), type_(o.type_), phase_(o.phase_.load(std::memory_order_acquire))
    {
    }

    pool_lifecycle& operator=(pool_lifecycle&&) = delete;

    ~pool_lifecycle()
    {
        if (!engine_)
            return;
        engine_->close();
        try {
            (void)engine_->join_until(steady_time::max());
        } catch (...) {
            // Only a pool destroyed by one of its own workers gets here; its
            // engine's destructor deals with the rest.
        }
    }

    /** The engine, for a member that queues work.
        @throws std::logic_error after close(), shutdown() or terminate(). */
    Engine& open(const char* member)
    {
        Engine& e = engine(member);
        const phase p = phase_.load(std::memory_order_acquire);
        if (p != phase::open)
            throw std::logic_error(std::string("freethreading: ") + type_ + "::" + member + " after " +
                                   (p == phase::terminated ? "terminate()"
                                    : p == phase::shut_down ? "shutdown()"
                                                            : "close()"));
        return e;
    }

    /** No more tasks (`p`: closed or shut_down); queued ones still run. */
    void close(phase p = phase::closed)
    {
        Engine& e = engine(p == phase::shut_down ? "shutdown" : "close");
        e.close();
        phase expected = phase::open;
        (void)phase_.compare_exchange_strong(expected, p, std::memory_order_acq_rel);
    }

    /** No more tasks; the queued ones are dropped, the running ones asked to stop. */
    void terminate(phase p = phase::terminated)
    {
        Engine& e = engine(p == phase::shut_down ? "shutdown" : "terminate");
        e.terminate();
        phase expected = phase::open;
        (void)phase_.compare_exchange_strong(expected, p, std::memory_order_acq_rel);
    }

    /** Waits for the workers' end until `deadline`; false on timeout.
        @throws std::logic_error while open. */
    bool join_until(steady_time deadline, const char* member)
    {
        Engine& e = engine(member);
        if (phase_.load(std::memory_order_acquire) == phase::open)
            throw std::logic_error(std::string("freethreading: ") + type_ + "::" + member +
                                   " before close() or terminate()");
        return e.join_until(deadline);
    }

    /** The engine of a pool that was not moved from. */
    Engine& engine(const char* member) const
    {
        if (!engine_)
            throw std::logic_error(std::string("freethreading: ") + type_ + "::" + member +
                                   " on a moved-from object");
        return *engine_;
    }

private:
    std::unique_ptr<Engine> engine_;
    const char* type_;
    std::atomic<phase> phase_{phase::open};
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_POOL_LIFECYCLE_HPP
