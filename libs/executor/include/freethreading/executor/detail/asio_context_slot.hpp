//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_ASIO_CONTEXT_SLOT_HPP
#define FREETHREADING_EXECUTOR_DETAIL_ASIO_CONTEXT_SLOT_HPP

// Where an executor keeps the Asio execution context that its Asio executor
// reports (DESIGN §7), made on the first `get_executor()`. Asio is not
// included here: pools that never meet Asio do not pay for its headers.

#include <memory>
#include <mutex>
#include <utility>

namespace freethreading::detail {

/** The context's type, known only to <freethreading/executor/asio.hpp>. */
class asio_context_base
{
public:
    virtual ~asio_context_base() = default;
};

/** The lazily made context of one pool; movable with the pool. */
class asio_context_slot
{
public:
    /** The context, made by `make()` on the first call.
        @par Thread Safety Concurrent calls make it once. */
    template <class Context, class Make>
    Context& get(Make make)
    {
        std::call_once(cell_->once, [&] { cell_->context = make(); });
        return static_cast<Context&>(*cell_->context);
    }

private:
    struct cell
    {
        std::once_flag once;
        std::unique_ptr<asio_context_base> context;
    };
    std::unique_ptr<cell> cell_ = std::make_unique<cell>();
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_ASIO_CONTEXT_SLOT_HPP
