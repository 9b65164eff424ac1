//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_THREAD_TASK_HPP
#define FREETHREADING_EXECUTOR_DETAIL_THREAD_TASK_HPP

#include <freethreading/executor/detail/call_token.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/detail/task_call.hpp>
#include <freethreading/executor/detail/thread_engine_core.hpp>

#include <freethreading/sync/stop_token.hpp>

#include <freethreading/core/detail/exception_transport.hpp>

#include <exception>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace freethreading::detail {

/** One task of a thread engine: its state, its callable and its decayed
    arguments in one allocation. The callable and the arguments are
    destroyed by the worker right after the call, before the result is
    published (a waiter that wakes finds them gone, as in Python, where the
    work item is dropped once run). A task whose callable takes a stop token
    owns a stop source; `request_stop()` on its future, `terminate()` and a
    `task_timeout` request it. */
template <class Domain, class Call, class F, class... Args>
class thread_task final
    : public future_state<call_result_t<Call, basic_stop_token<Domain>, F, Args...>>,
      public thread_task_node
{
    using token_type = basic_stop_token<Domain>;
    using result_type = call_result_t<Call, token_type, F, Args...>;
    static constexpr bool takes_token = call_takes_token_v<Call, token_type, F, Args...>;

    struct no_source
    {
    };
    using source_type = std::conditional_t<takes_token, basic_stop_source<Domain>, no_source>;

    struct payload
    {
        template <class G, class... A>
        explicit payload(G&& g, A&&... a) : f(std::forward<G>(g)), args(std::forward<A>(a)...)
        {
        }

        F f;
        std::tuple<Args...> args;
    };

public:
    template <class G, class... A>
    explicit thread_task(const thread_engine_core* engine, G&& g, A&&... a)
        : thread_task_node(static_cast<future_state_base&>(*this)), engine_(engine)
    {
        payload_.emplace(std::forward<G>(g), std::forward<A>(a)...);
    }

    bool run() noexcept override
    {
        if (!this->claim()) {
            payload_.reset();
            return false;
        }
        try {
            token_type token = make_token();
            if constexpr (std::is_void_v<result_type>) {
                std::apply([&](Args&... a) { (void)Call::invoke(token, payload_->f, a...); }, payload_->args);
                payload_.reset();
                (void)this->set_value();
            } else {
                result_type r = std::apply(
                    [&](Args&... a) -> result_type { return Call::invoke(token, payload_->f, a...); },
                    payload_->args);
                payload_.reset();
                (void)this->set_value(std::move(r)); // false: timed out meanwhile, the late result is dropped
            }
        } catch (...) {
            payload_.reset();
            (void)this->set_exception(transport_in_process(std::current_exception()));
        }
        return true;
    }

    void stop() noexcept override { (void)request_own_stop(); }

private:
    token_type make_token() const
    {
        if constexpr (takes_token)
            return source_.get_token();
        else
            return token_type();
    }

    bool request_own_stop() noexcept
    {
        if constexpr (takes_token) {
            try {
                (void)source_.request_stop();
                return true;
            } catch (...) {
                return false;
            }
        } else {
            return false;
        }
    }

    bool do_request_stop() noexcept override { return request_own_stop(); }

    bool help_while_waiting() const override { return thread_engine_core::help(engine_); }

    const thread_engine_core* engine_;
    [[no_unique_address]] source_type source_{};
    std::optional<payload> payload_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_THREAD_TASK_HPP
