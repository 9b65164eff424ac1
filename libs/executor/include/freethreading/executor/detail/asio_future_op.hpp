//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_ASIO_FUTURE_OP_HPP
#define FREETHREADING_EXECUTOR_DETAIL_ASIO_FUTURE_OP_HPP

// The asynchronous operations `async_wait` / `async_get` of a future or an
// async_result (DESIGN §7). One operation is a shared record that three
// parties may complete, whichever claims it first under its mutex:
//   - the future's done callback (on the thread that completes the task),
//   - the handler's cancellation slot (on the thread that emits the signal),
//   - the service of the handler's execution context, when that context
//     shuts down (its destructor): the handler is then destroyed, not run.
// The claimer dispatches the handler to its associated executor; the service
// (asio_future_service.hpp) counts those dispatches and its shutdown waits
// for them, so no handler is ever given to a context that is being destroyed.

#include <freethreading/executor/detail/asio_future_service.hpp>
#include <freethreading/executor/detail/future_state.hpp>

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/system_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

template <class Executor>
struct is_use_future_executor : std::false_type
{
};
template <class T, class Blocking>
struct is_use_future_executor<boost::asio::detail::promise_executor<T, Blocking>> : std::true_type
{
};

/** The execution context of an executor, new-style or legacy. */
template <class Executor>
boost::asio::execution_context& context_of(const Executor& ex)
{
    if constexpr (boost::asio::execution::is_executor<Executor>::value)
        return boost::asio::query(ex, boost::asio::execution::context);
    else
        return ex.context();
}

/** Whether `Executor`'s context lives until the program exits (Asio's
    system context, which `use_future`'s handlers use too): operations
    completing there need no service, and asking for one would start the
    system context's threads. */
template <class Executor>
constexpr bool context_lives_until_exit() noexcept
{
    if constexpr (is_use_future_executor<Executor>::value)
        return true;
    else if constexpr (boost::asio::execution::is_executor<Executor>::value)
        return std::is_same_v<decltype(boost::asio::query(std::declval<const Executor&>(),
                                                          boost::asio::execution::context)),
                              boost::asio::system_context&>;
    else
        return false;
}

/** Outstanding work of an executor while it is kept (so an
    `io_context::run()` does not return while the operation is pending).
    Made once and dropped once: every copy of a tracking executor counts
    again, on an atomic the context's threads share. */
template <class Executor>
class outstanding_work
{
public:
    explicit outstanding_work(const Executor& ex) : work_(track(ex)) {}

    void reset() noexcept { work_.reset(); }

private:
    static auto track(const Executor& ex)
    {
        if constexpr (boost::asio::execution::is_executor<Executor>::value)
            return boost::asio::prefer(ex, boost::asio::execution::outstanding_work.tracked);
        else
            return boost::asio::make_work_guard(ex);
    }

    std::optional<decltype(track(std::declval<const Executor&>()))> work_;
};

/** The completion signature of `async_get` on a state of `R`. */
template <class R>
struct async_get_signature
{
    using type = void(std::exception_ptr, R);
};
template <>
struct async_get_signature<void>
{
    using type = void(std::exception_ptr);
};

/** What `async_wait` (`Get` false) or `async_get` (`Get` true) completes
    with: the error code of a wait, or the exception and value of a get,
    as the tuple of the handler's arguments. */
template <class R, bool Get>
struct asio_future_outcome
{
    /** `aborted`: the operation was cancelled through its slot. */
    static auto arguments(bool aborted, const future_state<R>& state)
    {
        const boost::system::error_code aborted_code = boost::asio::error::operation_aborted;
        if constexpr (!Get) {
            return std::tuple<boost::system::error_code>(aborted ? aborted_code : boost::system::error_code());
        } else {
            std::exception_ptr e;
            std::optional<std::conditional_t<std::is_void_v<R>, int, R>> v;
            if (aborted)
                e = std::make_exception_ptr(boost::system::system_error(aborted_code));
            else
                try {
                    if constexpr (std::is_void_v<R>)
                        state.value();
                    else
                        v.emplace(state.value());
                } catch (...) {
                    e = std::current_exception();
                }
            if constexpr (std::is_void_v<R>)
                return std::tuple<std::exception_ptr>(std::move(e));
            else
                return std::tuple<std::exception_ptr, R>(std::move(e), v ? std::move(*v) : R());
        }
    }

    template <class Handler>
    static void deliver(Handler& h, bool aborted, const future_state<R>& state)
    {
        std::apply(std::move(h), arguments(aborted, state));
    }
};

/** One pending `async_wait` / `async_get`. */
template <class Handler, class R, bool Get>
class asio_future_op final : public asio_future_op_base,
                             public std::enable_shared_from_this<asio_future_op<Handler, R, Get>>
{
    using executor_type = boost::asio::associated_executor_t<Handler>;
    using slot_type = boost::asio::associated_cancellation_slot_t<Handler>;

public:
    asio_future_op(Handler h, std::shared_ptr<future_state<R>> state)
        : executor_(boost::asio::get_associated_executor(h)),
          work_(*executor_),
          slot_(boost::asio::get_associated_cancellation_slot(h)),
          state_(std::move(state))
    {
        handler_.emplace(std::move(h));
    }

    /** Starts it: lists it with the service of its executor's context,
        connects the cancellation slot and registers the done callback. */
    void start()
    {
        if constexpr (!context_lives_until_exit<executor_type>()) {
            auto& service = boost::asio::use_service<asio_future_service>(context_of(*executor_));
            if (!service.add(this->shared_from_this()))
                return; // the context has shut down: the handler goes with this operation
        }
        if (slot_.is_connected())
            slot_.template emplace<cancel_handler>(this->shared_from_this());
        state_->add_done_callback([self = this->shared_from_this()](future_state_base&) {
            self->complete(self->aborting_.load(std::memory_order_acquire));
        });
        initiating_.store(false, std::memory_order_release);
    }

private:
    struct cancel_handler
    {
        std::shared_ptr<asio_future_op> op;
        void operator()(boost::asio::cancellation_type_t type) const { op->cancel(type); }
    };

    /** Cancellation (on the thread that emits the signal): a pending task
        is cancelled, a running one that takes a stop token asked to stop;
        a terminal cancellation also abandons the wait on a task that cannot
        be stopped. The operation then completes with operation_aborted (also
        when the task ends meanwhile: the two raced). A done task is left to
        its done callback. */
    void cancel(boost::asio::cancellation_type_t type)
    {
        {
            std::lock_guard<std::mutex> guard(mutex_);
            if (claimed_)
                return;
        }
        if (state_->done())
            return; // its done callback completes this operation, if it has not yet
        aborting_.store(true, std::memory_order_release);
        // A completion from here is posted, never run inside the emit.
        initiating_.store(true, std::memory_order_release);
        if (state_->cancel())
            return; // its done callback has completed this operation
        if (state_->request_stop() || (type & boost::asio::cancellation_type::terminal) != boost::asio::cancellation_type::none) {
            complete(true);
            return;
        }
        aborting_.store(false, std::memory_order_release);
        initiating_.store(false, std::memory_order_release);
    }

    void complete(bool aborted) noexcept
    {
        std::shared_ptr<asio_future_op_base> listed;
        asio_future_service* service;
        {
            std::lock_guard<std::mutex> guard(mutex_);
            if (claimed_)
                return;
            claimed_ = true;
            service = service_; // null: no service (a context that lives until exit)
            if (service != nullptr && !service->begin_dispatch(*this, listed))
                return; // the context's shutdown destroys the handler
        }
        try {
            auto run = [h = std::move(*handler_), slot = slot_, aborted, state = state_]() mutable {
                slot.clear();
                asio_future_outcome<R, Get>::deliver(h, aborted, *state);
            };
            handler_.reset();
            // use_future's handler only fulfils a std::promise: it may run
            // at once (posting it would start Asio's system threads).
            if (!is_use_future_executor<executor_type>::value && initiating_.load(std::memory_order_acquire))
                boost::asio::post(boost::asio::bind_executor(std::move(*executor_), std::move(run)));
            else
                boost::asio::dispatch(boost::asio::bind_executor(std::move(*executor_), std::move(run)));
        } catch (...) {
            // Queuing the completion failed (no memory): it cannot be
            // delivered, and the handler has been destroyed.
        }
        // Nothing of the context may stay in this record, which the
        // completing thread may drop after the context is gone; the work
        // goes last, as the context may end with it.
        executor_.reset();
        work_.reset();
        if (service != nullptr)
            service->end_dispatch();
    }

    void destroy_handler() noexcept override
    {
        handler_.reset();
        executor_.reset();
        work_.reset();
    }

    std::optional<executor_type> executor_; // released when the operation completes
    outstanding_work<executor_type> work_;
    slot_type slot_;
    std::shared_ptr<future_state<R>> state_;
    std::optional<Handler> handler_;
    std::atomic<bool> aborting_{false};
    std::atomic<bool> initiating_{true};
};

/** The initiation of `async_wait` (`Get` false) / `async_get` (`Get` true). */
template <class R, bool Get>
struct initiate_future_op
{
    template <class Handler>
    void operator()(Handler&& h, std::shared_ptr<future_state<R>> state) const
    {
        using handler_type = std::decay_t<Handler>;
        using executor_type = boost::asio::associated_executor_t<handler_type>;
        if (state->done()) {
            // Nothing to wait for, to cancel or to list: the completion is
            // queued on the handler's executor at once (a context that shuts
            // down destroys it there, as any posted handler).
            auto ex = boost::asio::get_associated_executor(h);
            auto run = [h = handler_type(std::forward<Handler>(h)),
                        a = asio_future_outcome<R, Get>::arguments(false, *state)]() mutable {
                std::apply(std::move(h), std::move(a));
            };
            if constexpr (is_use_future_executor<executor_type>::value)
                run(); // it only fulfils a std::promise (see asio_future_op::complete)
            else
                boost::asio::post(boost::asio::bind_executor(ex, std::move(run)));
            return;
        }
        std::make_shared<asio_future_op<handler_type, R, Get>>(std::forward<Handler>(h), std::move(state))->start();
    }
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_ASIO_FUTURE_OP_HPP
