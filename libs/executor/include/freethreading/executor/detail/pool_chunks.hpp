//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_POOL_CHUNKS_HPP
#define FREETHREADING_EXECUTOR_DETAIL_POOL_CHUNKS_HPP

// Chunking and result assembly for map, starmap and their async and timed
// forms, written once over any engine (DESIGN §3, §4.1).

#include <freethreading/executor/detail/engine.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/detail/pool_task.hpp>
#include <freethreading/executor/detail/task_call.hpp>

#include <freethreading/core/detail/deadline.hpp>
#include <freethreading/core/errors.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <iterator>
#include <memory>
#include <ranges>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace freethreading::detail {

/** Python's default chunksize of `Pool.map`: ceil(size / (4 × workers)); 1
    when the size cannot be known without consuming the range, or is 0. */
template <class Range>
std::size_t default_chunksize(Range& r, std::size_t workers)
{
    if constexpr (std::ranges::forward_range<Range> || std::ranges::sized_range<Range>) {
        const auto n = static_cast<std::size_t>(std::ranges::distance(r));
        const std::size_t per = 4 * std::max<std::size_t>(workers, 1);
        return n == 0 ? 1 : (n + per - 1) / per;
    } else {
        return 1;
    }
}

/** The state of one chunk of `Engine`'s tasks. */
template <bool Star, class Engine, class F, class Range>
using chunk_state_ptr = decltype(std::declval<Engine&>().template submit<chunk_call<Star>>(
    std::declval<F&>(), std::declval<std::vector<std::ranges::range_value_t<Range>>>()));

/** Queues the elements of `r` in chunks of `chunksize` (at least 1): one
    task per chunk, called through `chunk_call<Star>`. The elements are
    copied (moved from a range of prvalues) into the chunks.

    From contiguous storage each chunk is one copy, and the chunks go in
    batches of 1, 2, 4, … up to 32, so the first starts at once
    (`queue_each`: to an engine with `submit_each` under one lock and one
    wake-up round a batch, to another one `submit` each). From any other range each chunk is queued
    as soon as it is full: iterating such a range may wait for a task queued
    before (a generator fed by results), which a batch could hold back. */
template <bool Star, class Engine, class F, class Range>
std::vector<chunk_state_ptr<Star, Engine, F, Range>> submit_chunks(Engine& e, F& f, Range&& r,
                                                                    std::size_t chunksize)
{
    using T = std::ranges::range_value_t<Range>;
    constexpr std::size_t batch_limit = 32;
    std::vector<chunk_state_ptr<Star, Engine, F, Range>> states;
    std::vector<std::vector<T>> batch;
    std::size_t batch_size = 1;
    const auto flush = [&] {
        queue_each<chunk_call<Star>>(e, f, std::span(batch), states);
        batch.clear();
        batch_size = std::min(2 * batch_size, batch_limit);
    };
    if constexpr (std::ranges::contiguous_range<Range> && std::ranges::sized_range<Range> &&
                  std::is_lvalue_reference_v<std::ranges::range_reference_t<Range>>) {
        const auto* at = std::ranges::data(r);
        for (auto left = static_cast<std::size_t>(std::ranges::size(r)); left != 0;) {
            const std::size_t n = std::min(left, chunksize);
            batch.emplace_back(at, at + n);
            at += n;
            left -= n;
            if (batch.size() == batch_size || left == 0)
                flush();
        }
    } else {
        // A huge chunksize is legal; it must not reserve memory for elements
        // that may never come.
        const std::size_t reserve = std::min<std::size_t>(chunksize, 4096);
        for (auto&& x : r) {
            if (batch.empty())
                batch.emplace_back().reserve(reserve);
            batch.back().emplace_back(std::forward<decltype(x)>(x));
            if (batch.back().size() == chunksize)
                flush();
        }
        if (!batch.empty())
            flush();
    }
    return states;
}

/** After every chunk ended: rethrows the first failure in input order, else
    moves the results into one vector, in order, in the calling thread (a
    `std::vector<bool>` is never written by two threads). */
template <class R, class State>
map_result_t<R> assemble_chunks(std::vector<std::shared_ptr<State>>& chunks)
{
    for (const auto& c : chunks)
        c->rethrow_if_failed();
    if constexpr (!std::is_void_v<R>) {
        if (chunks.size() == 1)
            return chunks.front()->take();
        std::vector<R> out;
        std::size_t total = 0;
        for (const auto& c : chunks)
            total += c->value().size();
        out.reserve(total);
        for (const auto& c : chunks) {
            std::vector<R> part = c->take();
            out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
        }
        return out;
    }
}

/** `map`: waits for every chunk, then assembles (DESIGN §4.1: the first
    exception in input order, once every task has ended). The last chunk is
    waited for first: chunks end about in the order they were queued, so
    the caller sleeps about once, not once per chunk, and whoever completes
    the chunks has no one to wake until the end. */
template <class R, class State>
map_result_t<R> gather_chunks(std::vector<std::shared_ptr<State>> chunks)
{
    for (auto c = chunks.rbegin(); c != chunks.rend(); ++c)
        (*c)->wait();
    return assemble_chunks<R>(chunks);
}

/** `map_for`: as `gather_chunks`, but by `deadline`; past it, the chunks
    that have not started are cancelled and `timeout_error` names `what`. */
template <class R, class State>
map_result_t<R> gather_chunks_until(std::vector<std::shared_ptr<State>> chunks, steady_time deadline,
                                    const char* what)
{
    for (const auto& c : chunks) {
        if (!c->wait_until(deadline)) {
            for (const auto& p : chunks)
                (void)p->cancel();
            throw timeout_error(std::string("freethreading: ") + what +
                                ": the results were not all in by the timeout");
        }
    }
    return assemble_chunks<R>(chunks);
}

/** The state behind `map_async` / `starmap_async`: completed by whichever
    thread completes the last chunk, which assembles the results in order.
    A worker of the same pool waiting on it runs queued tasks meanwhile, as
    it would waiting on a chunk. */
template <class R, class State>
class assembled_state final : public future_state<map_result_t<R>>
{
public:
    /** The state of `chunks`' assembled result (done at once when empty). */
    static std::shared_ptr<assembled_state> make(std::vector<std::shared_ptr<State>> chunks)
    {
        auto s = std::make_shared<assembled_state>();
        s->chunks_ = std::move(chunks);
        // One count per chunk and one for this function, so the assembly
        // cannot start while callbacks are still being added.
        s->left_.store(s->chunks_.size() + 1, std::memory_order_relaxed);
        for (const auto& c : s->chunks_)
            c->add_done_callback([s](future_state_base&) { s->arrive(); });
        s->arrive();
        return s;
    }

private:
    void arrive() noexcept
    {
        if (left_.fetch_sub(1, std::memory_order_acq_rel) != 1)
            return;
        try {
            if constexpr (std::is_void_v<R>) {
                assemble_chunks<R>(chunks_);
                (void)this->set_value();
            } else {
                (void)this->set_value(assemble_chunks<R>(chunks_));
            }
        } catch (...) {
            (void)this->set_exception(std::current_exception());
        }
        // The chunks' callbacks, which hold this state, are released by
        // their chunks once run, so no cycle outlives the last chunk.
    }

    bool help_while_waiting() const override
    {
        // The chunks' own waits know whether this thread is one of their
        // pool's workers; a zero wait on one runs queued tasks if so.
        for (std::size_t i = help_from_.load(std::memory_order_relaxed); i < chunks_.size(); ++i) {
            const auto& c = chunks_[i];
            if (c->done()) {
                help_from_.store(i + 1, std::memory_order_relaxed);
                continue;
            }
            (void)c->wait_until(std::chrono::steady_clock::now());
            return c->done();
        }
        return false;
    }

    std::vector<std::shared_ptr<State>> chunks_; // written only before make() returns
    std::atomic<std::size_t> left_{0};
    mutable std::atomic<std::size_t> help_from_{0};
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_POOL_CHUNKS_HPP
