//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_AS_COMPLETED_HPP
#define FREETHREADING_EXECUTOR_AS_COMPLETED_HPP

#include <freethreading/executor/detail/future_range.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/detail/future_wait.hpp>
#include <freethreading/executor/future.hpp>

#include <freethreading/core/detail/access.hpp>
#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/errors.hpp>

#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace freethreading {

template <class R>
class as_completed_range;

namespace detail {
template <class R>
as_completed_range<R> make_as_completed(std::vector<future<R>> fs, steady_time deadline);
} // namespace detail

/** What `as_completed(fs)` and `as_completed_for(fs, d)` return: a lazy
    input range of the futures of `fs`, each state once, in the order they
    complete (Python's `concurrent.futures.as_completed`).

    Made by the call, which registers a done callback on every future: those
    already done are yielded first, in input order, then the others as their
    callbacks run. Iterating waits for the next completion: `begin()` for the
    first, `++it` for each next. Dereferencing yields the future; a task's
    exception comes from its `get()`, not from the range.

    With a timeout (`as_completed_for`), the deadline counts from the call:
    a `begin()` or `++it` that would wait past it throws `timeout_error`,
    and the range is then at its end (Python raises TimeoutError from the
    iterator and the generator is over). Futures that completed before the
    deadline are always yielded, however late the iteration.

    Move-only; iterators point into the range's heap state and stay valid
    when the range is moved. The range holds a reference to every future it
    was given; a callback left on a future that is still pending when the
    range is destroyed does nothing when it runs.

    @par Thread Safety
    One consumer: iterate from one thread at a time. A future's completion
    happens-before the step of the iteration that yields it.
*/
template <class R>
class as_completed_range
{
    struct cursor
    {
        std::vector<future<R>> futures; // kept alive until the range goes
        std::shared_ptr<detail::completion_mailbox> box;
        std::size_t total = 0;
        std::size_t taken = 0;
        detail::steady_time deadline{};
        future<R> current;
        bool started = false;

        void advance()
        {
            current = future<R>();
            if (taken == total)
                return;
            std::shared_ptr<detail::future_state_base> s = box->take(deadline);
            if (!s) {
                const std::size_t missing = total - taken;
                taken = total; // the range is over
                throw timeout_error("freethreading: as_completed_for: the wait timed out with " +
                                    std::to_string(missing) + " of " + std::to_string(total) +
                                    " futures not completed");
            }
            ++taken;
            current = detail::access::adopt<future<R>>(std::static_pointer_cast<detail::future_state<R>>(std::move(s)));
        }
    };

public:
    /** An input iterator over the futures in completion order. */
    class iterator
    {
    public:
        using iterator_concept = std::input_iterator_tag;
        using value_type = future<R>;
        using difference_type = std::ptrdiff_t;

        iterator() noexcept = default;

        const future<R>& operator*() const noexcept { return c_->current; }
        const future<R>* operator->() const noexcept { return &c_->current; }

        /** Waits for the next completion. @throws timeout_error (as_completed_for). */
        iterator& operator++()
        {
            c_->advance();
            return *this;
        }
        void operator++(int) { ++*this; }

        friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept
        {
            return it.c_ == nullptr || !it.c_->current.valid();
        }

    private:
        friend class as_completed_range;
        explicit iterator(cursor* c) noexcept : c_(c) {}

        cursor* c_ = nullptr;
    };

    /** The first call waits for the first completion; later calls return an
        iterator at the current position (an input range is walked once).
        @throws timeout_error (as_completed_for). */
    iterator begin()
    {
        if (!c_)
            return iterator();
        if (!c_->started) {
            c_->started = true;
            c_->advance();
        }
        return iterator(c_.get());
    }

    std::default_sentinel_t end() const noexcept { return {}; }

private:
    friend as_completed_range detail::make_as_completed<R>(std::vector<future<R>>, detail::steady_time);

    explicit as_completed_range(std::unique_ptr<cursor> c) noexcept : c_(std::move(c)) {}

    std::unique_ptr<cursor> c_;
};

namespace detail {

template <class R>
as_completed_range<R> make_as_completed(std::vector<future<R>> fs, steady_time deadline)
{
    using cursor = typename as_completed_range<R>::cursor;
    auto c = std::make_unique<cursor>();
    c->box = std::make_shared<completion_mailbox>(fs.size());
    c->total = fs.size();
    c->deadline = deadline;
    for (const future<R>& f : fs)
        completion_mailbox::watch(c->box, *access::state(f));
    c->futures = std::move(fs);
    return as_completed_range<R>(std::move(c));
}

} // namespace detail

/** The futures of `fs`, each once, in completion order (see
    `as_completed_range`). @throws std::invalid_argument if one has no state. */
template <detail::future_range Futures>
as_completed_range<detail::future_range_result_t<Futures>> as_completed(Futures&& fs)
{
    return detail::make_as_completed(detail::unique_futures(fs, "as_completed"), detail::steady_time::max());
}

template <class R>
as_completed_range<R> as_completed(std::initializer_list<future<R>> fs)
{
    return detail::make_as_completed(detail::unique_futures(fs, "as_completed"), detail::steady_time::max());
}

/** As `as_completed`, with an overall timeout counted from this call:
    iterating past it throws `timeout_error`. */
template <detail::future_range Futures, class Rep, class Period>
as_completed_range<detail::future_range_result_t<Futures>> as_completed_for(Futures&& fs,
                                                                            const std::chrono::duration<Rep, Period>& d)
{
    const detail::steady_time deadline = detail::deadline_after(d);
    return detail::make_as_completed(detail::unique_futures(fs, "as_completed_for"), deadline);
}

template <class R, class Rep, class Period>
as_completed_range<R> as_completed_for(std::initializer_list<future<R>> fs,
                                       const std::chrono::duration<Rep, Period>& d)
{
    const detail::steady_time deadline = detail::deadline_after(d);
    return detail::make_as_completed(detail::unique_futures(fs, "as_completed_for"), deadline);
}

} // namespace freethreading

#endif // FREETHREADING_EXECUTOR_AS_COMPLETED_HPP
