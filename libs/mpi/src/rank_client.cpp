//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The client's side of the MPI executor's engine: the dispatcher thread on
// rank 0, which batches the queued tasks, sends them to the worker ranks (or
// runs them itself when it is alone), completes their futures from the
// replies, and fails every task when MPI or a reply breaks.

#include "rank_engine_state.hpp"

#include <boost/mpi/status.hpp>

#include <boost/optional.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <iterator>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <typeinfo>
#include <utility>
#include <vector>

namespace freethreading::detail {

namespace {

std::atomic<bool> foreign_build_ids{false};

// Batches in flight per worker rank: one being run, one waiting behind it.
constexpr int batches_ahead = 2;
// The most tasks, and about the most bytes, in one batch.
constexpr std::size_t batch_tasks = 64;
constexpr std::size_t batch_bytes = std::size_t{1} << 20;

} // namespace

void rank_test_send_foreign_build_ids(bool on) noexcept
{
    foreign_build_ids.store(on, std::memory_order_relaxed);
}

std::size_t rank_engine_state::take_batch(std::vector<std::shared_ptr<rank_task_base>>& batch)
{
    batch.clear();
    std::lock_guard lock(mutex_);
    // A long queue is spread over the workers in several batches each, so
    // the last tasks are not all behind one rank.
    const std::size_t share = pending_.size() / (4 * workers());
    const std::size_t most = std::clamp<std::size_t>(share, 1, batch_tasks);
    std::size_t bytes = 0;
    while (!pending_.empty() && batch.size() < most && bytes < batch_bytes) {
        std::shared_ptr<rank_task_base> t = std::move(pending_.front());
        pending_.pop_front();
        if (!t->future().claim())
            continue; // cancelled while queued
        bytes += t->arguments.size();
        batch.push_back(std::move(t));
    }
    return batch.size();
}

// The tasks move to in_flight_: the dispatcher holds each task only until it
// completes it, so the caller's last future usually frees the task.
void rank_engine_state::write_batch(std::vector<std::shared_ptr<rank_task_base>>& batch, byte_buffer& out)
{
    const bool foreign = foreign_build_ids.load(std::memory_order_relaxed);
    for (auto& t : batch) {
        const std::uint64_t sequence = next_sequence_++;
        task_id trampoline = t->trampoline;
        if (foreign)
            trampoline.build_id[0] = static_cast<std::uint8_t>(trampoline.build_id[0] ^ 0xff);
        out.put(sequence);
        out.put(trampoline);
        out.put(static_cast<std::uint64_t>(t->arguments.size()));
        out.append(t->arguments.data(), t->arguments.size());
        in_flight_.emplace(sequence, std::move(t));
    }
    batch.clear();
}

void rank_engine_state::complete_replies(std::span<const std::byte> reply) noexcept
{
    byte_reader in(reply);
    try {
        while (!in.empty()) {
            const auto sequence = in.get<std::uint64_t>(typeid(std::uint64_t));
            const auto kind = static_cast<result_kind>(in.get<std::uint32_t>(typeid(std::uint32_t)));
            const auto size = in.get<std::uint64_t>(typeid(std::uint64_t));
            if (size > in.remaining())
                in.fail("a result's size is larger than the rest of its reply", typeid(rank_call));
            const std::byte* bytes = in.take(static_cast<std::size_t>(size), typeid(rank_call));
            const auto found = in_flight_.find(sequence);
            if (found == in_flight_.end())
                in.fail("a reply names a task that is not in flight", typeid(rank_call));
            const std::shared_ptr<rank_task_base> t = std::move(found->second);
            in_flight_.erase(found);
            t->complete(kind, {bytes, static_cast<std::size_t>(size)});
        }
    } catch (const std::exception& e) {
        fail_everything(std::string("a worker rank's reply is malformed: ") + e.what());
    }
}

bool rank_engine_state::fill(int worker)
{
    std::vector<std::shared_ptr<rank_task_base>> batch;
    bool sent = false;
    while (ahead_[static_cast<std::size_t>(worker)] < batches_ahead && take_batch(batch) != 0) {
        outgoing o;
        write_batch(batch, o.bytes);
        if (ranks_ == 1) {
            // Alone: rank 0 runs the batch itself, through the same bytes.
            reply_.clear();
            serve_batch(o.bytes.bytes(), reply_, scratch_);
            complete_replies(reply_.bytes());
        } else {
            o.request = comm_.isend(worker, tag_tasks, reinterpret_cast<const char*>(o.bytes.data()),
                                    static_cast<int>(o.bytes.size()));
            sends_.push_back(std::move(o));
            ++ahead_[static_cast<std::size_t>(worker)];
        }
        sent = true;
    }
    return sent;
}

bool rank_engine_state::drain_replies()
{
    bool any = false;
    for (auto it = sends_.begin(); it != sends_.end();)
        it = it->request.test() ? sends_.erase(it) : std::next(it);
    while (boost::optional<boost::mpi::status> st = comm_.iprobe(boost::mpi::any_source, tag_results)) {
        const int size = message_size(*st);
        incoming_.resize(static_cast<std::size_t>(size));
        comm_.recv(st->source(), tag_results, incoming_.data(), size);
        --ahead_[static_cast<std::size_t>(st->source())];
        complete_replies({reinterpret_cast<const std::byte*>(incoming_.data()), incoming_.size()});
        any = true;
    }
    return any;
}

void rank_engine_state::fail_everything(const std::string& why) noexcept
{
    std::deque<std::shared_ptr<rank_task_base>> dropped;
    try {
        std::lock_guard lock(mutex_);
        broken_ = std::string("freethreading: ") + type_name + " is broken: " + why;
        closed_ = true;
        dropped.swap(pending_);
    } catch (...) {
    }
    const auto error = std::make_exception_ptr(broken_pool_error("freethreading: " + std::string(type_name) +
                                                                 " is broken: " + why));
    for (auto& [sequence, t] : in_flight_)
        (void)t->future().set_exception(error);
    in_flight_.clear();
    for (const auto& t : dropped)
        (void)t->future().set_exception(error);
}

void rank_engine_state::run_client() noexcept
{
    idle_backoff backoff(std::chrono::microseconds(200));
    bool mpi_works = true;
    try {
        for (;;) {
            bool active = false;
            for (int w = ranks_ == 1 ? 0 : 1; w < ranks_; ++w)
                active = fill(w) || active;
            if (ranks_ > 1)
                active = drain_replies() || active;
            std::unique_lock lock(mutex_);
            if (closed_ && pending_.empty() && in_flight_.empty() && sends_.empty())
                break;
            if (active) {
                backoff.reset();
                continue;
            }
            const std::uint64_t seen = submitted_;
            const auto news = [&] { return submitted_ != seen || closed_; };
            sleeping_ = true;
            if (in_flight_.empty() && sends_.empty()) {
                if (pending_.empty())
                    wake_.wait(lock, news);
            } else if (const auto d = backoff.next(); d.count() == 0) {
                lock.unlock();
                std::this_thread::yield();
                lock.lock();
            } else {
                wake_.wait_for(lock, d, news);
            }
            sleeping_ = false;
        }
    } catch (const std::exception& e) {
        mpi_works = false;
        fail_everything(std::string("MPI reported an error: ") + e.what());
    }
    if (ranks_ > 1 && mpi_works) {
        try {
            for (int w = 1; w < ranks_; ++w)
                comm_.send(w, tag_stop);
        } catch (const std::exception&) {
            // The job is going down; the workers go with it.
        }
    }
    std::lock_guard lock(mutex_);
    finished_ = true;
    done_.notify_all();
}

} // namespace freethreading::detail
