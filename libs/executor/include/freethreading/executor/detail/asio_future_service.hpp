//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_ASIO_FUTURE_SERVICE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_ASIO_FUTURE_SERVICE_HPP

// The Asio service that keeps the `async_wait` / `async_get` operations
// pending in one execution context (DESIGN §7), and the part of an operation
// it lists. When the context shuts down, the service destroys the handlers
// of the operations still listed, and first waits for the dispatches that
// claimers have begun, so no handler is given to a context that is being
// destroyed. The operation itself is in asio_future_op.hpp.

#include <boost/asio/execution_context.hpp>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace freethreading::detail {

class asio_future_service;

/** What the service and the completers share of an operation. */
class asio_future_op_base
{
public:
    virtual ~asio_future_op_base() = default;

protected:
    friend class asio_future_service;

    /** Destroys the handler without running it (the context shut down). */
    virtual void destroy_handler() noexcept = 0;

    std::mutex mutex_;
    bool claimed_ = false;                  // under mutex_
    asio_future_service* service_ = nullptr; // under mutex_; null once the service shut down

private:
    // Under the service's mutex.
    asio_future_op_base* prev_ = nullptr;
    asio_future_op_base* next_ = nullptr;
    std::shared_ptr<asio_future_op_base> listed_; // the list's reference
};

/** The service, in the execution context of a handler's executor, that
    lists the operations pending there and destroys their handlers when the
    context shuts down (so an `io_context` destroyed with operations pending
    leaks nothing, as with Asio's own I/O objects). */
class asio_future_service final : public boost::asio::execution_context::service
{
public:
    static inline boost::asio::execution_context::id id;

    explicit asio_future_service(boost::asio::execution_context& context) : service(context) {}

    /** Lists `op`; false once the context has shut down. */
    bool add(const std::shared_ptr<asio_future_op_base>& op)
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (shut_down_)
            return false;
        op->service_ = this;
        op->listed_ = op;
        op->next_ = head_;
        if (head_ != nullptr)
            head_->prev_ = op.get();
        head_ = op.get();
        return true;
    }

    /** Called by the claimer of `op`, under `op`'s mutex: unlists it and
        counts a dispatch in flight. False when the context is shutting down
        (the shutdown then destroys the handler). */
    bool begin_dispatch(asio_future_op_base& op, std::shared_ptr<asio_future_op_base>& listed) noexcept
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (shut_down_)
            return false;
        unlink_locked(op);
        listed = std::move(op.listed_);
        ++in_flight_;
        return true;
    }

    /** The dispatch counted by `begin_dispatch` is done. */
    void end_dispatch() noexcept
    {
        // Under the mutex: a shutdown that saw the count drop may destroy
        // this service as soon as it has the mutex again.
        std::lock_guard<std::mutex> guard(mutex_);
        if (--in_flight_ == 0 && shut_down_)
            idle_.notify_all();
    }

private:
    void shutdown() override
    {
        std::vector<std::shared_ptr<asio_future_op_base>> pending;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            shut_down_ = true;
            idle_.wait(lock, [this] { return in_flight_ == 0; });
            while (head_ != nullptr) {
                asio_future_op_base* op = head_;
                unlink_locked(*op);
                pending.push_back(std::move(op->listed_));
            }
        }
        for (const std::shared_ptr<asio_future_op_base>& op : pending) {
            {
                std::lock_guard<std::mutex> guard(op->mutex_);
                op->claimed_ = true;
                op->service_ = nullptr;
            }
            op->destroy_handler();
        }
    }

    void unlink_locked(asio_future_op_base& op) noexcept
    {
        if (op.prev_ != nullptr)
            op.prev_->next_ = op.next_;
        else
            head_ = op.next_;
        if (op.next_ != nullptr)
            op.next_->prev_ = op.prev_;
        op.prev_ = op.next_ = nullptr;
    }

    std::mutex mutex_;
    std::condition_variable idle_;
    asio_future_op_base* head_ = nullptr;
    std::size_t in_flight_ = 0; // claimers between begin_dispatch and end_dispatch
    bool shut_down_ = false;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_ASIO_FUTURE_SERVICE_HPP
