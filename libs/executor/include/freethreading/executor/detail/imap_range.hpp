//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_IMAP_RANGE_HPP
#define FREETHREADING_EXECUTOR_DETAIL_IMAP_RANGE_HPP

#include <freethreading/executor/detail/future_state.hpp>

#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/errors.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <iterator>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

namespace freethreading::detail {

/** The result of `imap` (input order) and `imap_unordered` (completion
    order): a single-pass input range over the results of tasks already
    queued, one chunk of results at a time. Iterating waits for the chunk it
    needs (a worker of the same pool runs queued tasks meanwhile); the
    element of a failed chunk rethrows its exception when dereferenced, and
    `++` then goes on with the next chunk. The range owns the tasks' states,
    so it stays valid after the pool is gone; a moved range keeps its
    iterators valid.

    @par Thread Safety
    One thread iterates a range at a time.
*/
template <class R>
class imap_range
{
    static_assert(!std::is_void_v<R>, "freethreading: imap needs tasks that return a value (use map)");

    using chunk_state = future_state<std::vector<R>>;

    // Where imap_unordered learns the completion order: the chunks' done
    // callbacks append to it.
    struct completion_order
    {
        std::mutex mutex;
        std::condition_variable ready;
        std::vector<std::size_t> order;
    };

    struct iteration
    {
        std::vector<std::shared_ptr<chunk_state>> chunks;
        std::shared_ptr<completion_order> completions; // null: input order
        std::size_t taken = 0;                         // chunks consumed
        std::size_t help_from = 0;                     // no chunk before it is pending
        std::vector<R> buffer;
        std::size_t pos = 0;
        std::exception_ptr error; // the current position is a failed chunk
        bool started = false;
        bool at_end = false;

        std::size_t next_index()
        {
            if (!completions)
                return taken;
            std::unique_lock<std::mutex> lock(completions->mutex);
            while (completions->order.size() <= taken) {
                lock.unlock();
                help();
                lock.lock();
                if (completions->order.size() > taken)
                    break;
                completions->ready.wait(lock);
            }
            return completions->order[taken];
        }

        // A zero wait on a pending chunk runs queued tasks when this thread
        // is a worker of their pool (nested imap_unordered cannot deadlock).
        void help()
        {
            for (; help_from < chunks.size(); ++help_from) {
                const auto& c = chunks[help_from];
                if (c && !c->done()) {
                    (void)c->wait_until(std::chrono::steady_clock::now());
                    return;
                }
            }
        }

        void load_next()
        {
            buffer.clear();
            pos = 0;
            error = nullptr;
            while (taken < chunks.size()) {
                const std::size_t i = next_index();
                ++taken;
                std::shared_ptr<chunk_state> c = std::move(chunks[i]);
                c->wait();
                if (c->cancelled()) {
                    error = std::make_exception_ptr(cancelled_error("freethreading: the task was cancelled"));
                    return;
                }
                if (std::exception_ptr e = c->exception()) {
                    error = std::move(e);
                    return;
                }
                buffer = c->take();
                if (!buffer.empty())
                    return;
            }
            at_end = true;
        }
    };

public:
    using value_type = R;
    using reference = std::conditional_t<std::is_same_v<R, bool>, bool, R&>;

    class iterator
    {
    public:
        using value_type = R;
        using difference_type = std::ptrdiff_t;
        using iterator_concept = std::input_iterator_tag;

        iterator() = default;

        /** The element; rethrows the exception of a failed task. */
        reference operator*() const
        {
            if (it_->error)
                std::rethrow_exception(it_->error);
            return it_->buffer[it_->pos];
        }

        iterator& operator++()
        {
            if (it_->error || ++it_->pos == it_->buffer.size())
                it_->load_next();
            return *this;
        }

        void operator++(int) { ++*this; }

        friend bool operator==(const iterator& i, std::default_sentinel_t) noexcept { return i.it_->at_end; }

    private:
        friend class imap_range;
        explicit iterator(iteration* it) noexcept : it_(it) {}
        iteration* it_ = nullptr;
    };

    /** `chunks` in input order; `unordered`: yield them as they complete. */
    imap_range(std::vector<std::shared_ptr<chunk_state>> chunks, bool unordered)
        : it_(std::make_unique<iteration>())
    {
        it_->chunks = std::move(chunks);
        if (unordered) {
            auto order = std::make_shared<completion_order>();
            order->order.reserve(it_->chunks.size());
            it_->completions = order;
            for (std::size_t i = 0; i < it_->chunks.size(); ++i)
                it_->chunks[i]->add_done_callback([order, i](future_state_base&) {
                    {
                        std::lock_guard<std::mutex> guard(order->mutex);
                        order->order.push_back(i);
                    }
                    order->ready.notify_one();
                });
        }
    }

    imap_range(imap_range&&) noexcept = default;
    imap_range& operator=(imap_range&&) noexcept = default;

    /** Starts the iteration (waits for the first chunk); call once. */
    iterator begin()
    {
        if (!it_->started) {
            it_->started = true;
            it_->load_next();
        }
        return iterator(it_.get());
    }

    std::default_sentinel_t end() const noexcept { return {}; }

    /** The timed form of the iteration's waits (Python's `next(timeout)`):
        waits at most `d` until the next step (`begin()`, or `++` at the last
        element of a chunk) will not block; false on timeout. */
    template <class Rep, class Period>
    bool wait_for(const std::chrono::duration<Rep, Period>& d) const
    {
        return wait_until_steady(deadline_after(d));
    }

    /** As `wait_for`, until `t` (any clock). */
    template <class Clock, class Duration>
        requires std::chrono::is_clock_v<Clock>
    bool wait_until(const std::chrono::time_point<Clock, Duration>& t) const
    {
        return wait_until_steady(to_steady(t));
    }

private:
    bool wait_until_steady(steady_time deadline) const
    {
        const iteration& s = *it_;
        if (s.at_end || (s.started && !s.error && s.pos + 1 < s.buffer.size()) || s.taken >= s.chunks.size())
            return true;
        if (!s.completions)
            return s.chunks[s.taken]->wait_until(deadline);
        std::unique_lock<std::mutex> lock(s.completions->mutex);
        return s.completions->ready.wait_until(lock, deadline,
                                               [&] { return s.completions->order.size() > s.taken; });
    }

    std::unique_ptr<iteration> it_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_IMAP_RANGE_HPP
