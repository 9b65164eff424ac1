//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_VARIANT_ENGINE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_VARIANT_ENGINE_HPP

#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/pool_options.hpp>

#include <freethreading/core/backend.hpp>

#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace freethreading::detail {

/** The facade's engine (DESIGN §3: one generic facade over a
    `std::variant`): the threading engine or the process engine, chosen from
    `get_backend()` when it is made. The public pool and executor classes are
    written once over any `pool_engine`, so the facades are those classes
    over this engine, and each member here is one line through `visit`.

    Both alternatives are instantiated for every task type a facade submits,
    so the facade enforces DESIGN §5 on the threading backend too: code that
    compiles runs on both. */
template <class Threads, class Processes>
    requires std::is_same_v<typename Threads::stop_token_type, typename Processes::stop_token_type>
class variant_engine
{
public:
    using stop_token_type = typename Threads::stop_token_type;

    template <class... A>
    variant_engine(std::size_t workers, const pool_options& options, pool_flavour flavour, A&&... init)
        : engine_(make(workers, options, flavour, std::forward<A>(init)...))
    {
    }

    template <class Call, class F, class... Args>
    auto submit(F&& f, Args&&... args)
    {
        return visit([&](auto& e) { return e.template submit<Call>(std::forward<F>(f), std::forward<Args>(args)...); });
    }

    /** The process engine's batches, if it is the one (engine.hpp). */
    template <class Call, class F, class Arg, class State>
    void submit_each(F& f, std::span<Arg> args, std::vector<std::shared_ptr<State>>& out)
    {
        visit([&](auto& e) { queue_each<Call>(e, f, args, out); });
    }

    template <class F>
    bool post_handler(F&& f) { return visit([&](auto& e) { return e.post_handler(std::forward<F>(f)); }); }
    bool running_in_this_thread() const noexcept { return visit([](const auto& e) noexcept { return e.running_in_this_thread(); }); }

    void close() noexcept { visit([](auto& e) noexcept { e.close(); }); }
    bool join_until(steady_time deadline) { return visit([&](auto& e) { return e.join_until(deadline); }); }
    void terminate() { visit([](auto& e) { e.terminate(); }); }
    /** Cancels what has not started and lets running tasks finish; an
        alternative without it is terminated (see pool_lifecycle.hpp). */
    void cancel_pending()
    {
        visit([](auto& e) {
            if constexpr (requires { e.cancel_pending(); })
                e.cancel_pending();
            else
                e.terminate();
        });
    }
    std::size_t size() const noexcept { return visit([](const auto& e) noexcept { return e.size(); }); }

    /** The backend this facade runs on. */
    backend which() const noexcept
    {
        return engine_.index() == 0 ? backend::threading : backend::multiprocessing;
    }

private:
    using alternatives = std::variant<Threads, Processes>;

    template <class... A>
    static alternatives make(std::size_t workers, const pool_options& options, pool_flavour flavour, A&&... init)
    {
        if (get_backend() == backend::multiprocessing)
            return alternatives(std::in_place_index<1>, workers, options, flavour, std::forward<A>(init)...);
        return alternatives(std::in_place_index<0>, workers, options, flavour, std::forward<A>(init)...);
    }

    template <class V>
    decltype(auto) visit(V&& v)
    {
        return std::visit(std::forward<V>(v), engine_);
    }
    template <class V>
    decltype(auto) visit(V&& v) const
    {
        return std::visit(std::forward<V>(v), engine_);
    }

    alternatives engine_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_VARIANT_ENGINE_HPP
