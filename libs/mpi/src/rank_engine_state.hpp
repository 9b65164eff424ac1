//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_MPI_SRC_RANK_ENGINE_STATE_HPP
#define FREETHREADING_MPI_SRC_RANK_ENGINE_STATE_HPP

// The state behind rank_engine, which three files share: rank_engine.cpp
// (construction and the engine's members), rank_client.cpp (the client's
// dispatcher thread on rank 0) and rank_serve.cpp (the serving loop of the
// other ranks); rank_wire.hpp has the messages.
//
// Only the dispatcher thread talks MPI on rank 0 once the constructor has
// returned, so the library needs MPI_THREAD_SERIALIZED, not MULTIPLE.
// Neither side blocks in MPI: Open MPI's blocking calls spin a core, and
// here ranks share cores, so both poll with a backoff (idle_backoff). The
// client sends with isend and always drains replies, so a large task and a
// large reply crossing each other cannot deadlock.

#include <freethreading/mpi/detail/rank_engine.hpp>

#include "rank_wire.hpp"

#include <freethreading/core/errors.hpp>

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/request.hpp>
#include <boost/mpi/status.hpp>

#include <mpi.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <list>
#include <memory>
#include <mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace freethreading::detail {

class rank_engine_state
{
public:
    static constexpr const char* type_name = "mpi::worker_pool_executor";

    explicit rank_engine_state(const boost::mpi::communicator& comm);

    ~rank_engine_state()
    {
        if (dispatcher_.joinable()) {
            close();
            dispatcher_.join();
        }
    }

    bool is_client() const noexcept { return rank_ == 0; }
    int rank() const noexcept { return rank_; }
    std::size_t workers() const noexcept { return ranks_ == 1 ? 1 : static_cast<std::size_t>(ranks_ - 1); }

    void start_client() { dispatcher_ = std::thread([this] { run_client(); }); }

    void serve();

    void enqueue(std::shared_ptr<rank_task_base> t)
    {
        std::unique_lock lock(mutex_);
        if (!broken_.empty()) {
            const std::string why = broken_;
            lock.unlock();
            (void)t->future().set_exception(std::make_exception_ptr(broken_pool_error(why)));
            return;
        }
        if (closed_)
            throw std::logic_error(std::string("freethreading: ") + type_name + "::submit after shutdown()");
        pending_.push_back(std::move(t));
        ++submitted_;
        if (sleeping_)
            wake_.notify_one();
    }

    void close() noexcept
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        wake_.notify_one();
    }

    void cancel_pending()
    {
        std::deque<std::shared_ptr<rank_task_base>> dropped;
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
            dropped.swap(pending_);
            wake_.notify_one();
        }
        for (const auto& t : dropped)
            (void)t->future().drop();
    }

    bool join_until(steady_time deadline)
    {
        {
            std::unique_lock lock(mutex_);
            const auto ended = [&] { return finished_; };
            if (deadline == steady_time::max())
                done_.wait(lock, ended);
            else if (!done_.wait_until(lock, deadline, ended))
                return false;
        }
        std::lock_guard join_lock(join_mutex_);
        if (dispatcher_.joinable())
            dispatcher_.join();
        return true;
    }

private:
    // The bytes of a probed message. (status::count<char>() returns an optional
    // that g++ 12 at -O2 believes may be read uninitialised.)
    static int message_size(boost::mpi::status& st)
    {
        int n = 0;
        ::MPI_Get_count(&static_cast<MPI_Status&>(st), MPI_CHAR, &n);
        return n;
    }

    struct outgoing
    {
        boost::mpi::request request;
        byte_buffer bytes;
    };

    void run_client() noexcept;
    bool fill(int worker);
    bool drain_replies();
    void complete_replies(std::span<const std::byte> reply) noexcept;
    std::size_t take_batch(std::vector<std::shared_ptr<rank_task_base>>& batch);
    void write_batch(std::vector<std::shared_ptr<rank_task_base>>& batch, byte_buffer& out);
    void fail_everything(const std::string& why) noexcept;

    boost::mpi::communicator comm_;
    int rank_;
    int ranks_;

    std::mutex mutex_;
    std::condition_variable wake_; // the dispatcher: new tasks, close
    std::condition_variable done_; // join_until: the dispatcher has ended
    std::deque<std::shared_ptr<rank_task_base>> pending_;
    std::uint64_t submitted_ = 0;
    bool closed_ = false;
    bool sleeping_ = false;
    bool finished_ = false;
    std::string broken_; // why the executor broke; empty while it works
    std::mutex join_mutex_;
    std::thread dispatcher_;

    // The dispatcher's own.
    std::unordered_map<std::uint64_t, std::shared_ptr<rank_task_base>> in_flight_;
    std::vector<int> ahead_; // batches in flight per rank
    std::list<outgoing> sends_;
    std::uint64_t next_sequence_ = 1;
    byte_buffer reply_;
    byte_buffer scratch_;
    std::vector<char> incoming_;
};

} // namespace freethreading::detail

#endif // FREETHREADING_MPI_SRC_RANK_ENGINE_STATE_HPP
