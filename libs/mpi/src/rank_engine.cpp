//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The MPI executor's engine: the client's dispatcher thread on rank 0 and
// the serving loop of the other ranks (rank_wire.hpp has the messages).
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

#include <boost/mpi/environment.hpp>
#include <boost/mpi/exception.hpp>
#include <boost/mpi/request.hpp>
#include <boost/mpi/status.hpp>

#include <mpi.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <list>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace freethreading::detail {

namespace {

std::atomic<bool> foreign_build_ids{false};

// Batches in flight per worker rank: one being run, one waiting behind it.
constexpr int batches_ahead = 2;
// The most tasks, and about the most bytes, in one batch.
constexpr std::size_t batch_tasks = 64;
constexpr std::size_t batch_bytes = std::size_t{1} << 20;

const char* type_name = "mpi::worker_pool_executor";

boost::mpi::communicator duplicate(const boost::mpi::communicator& comm)
{
    if (comm.size() > 1 && boost::mpi::environment::thread_level() < boost::mpi::threading::serialized)
        throw std::invalid_argument(
            std::string("freethreading: ") + type_name +
            " needs MPI initialised with at least MPI_THREAD_SERIALIZED (its dispatcher thread talks to the "
            "worker ranks): construct boost::mpi::environment env(argc, argv, "
            "boost::mpi::threading::serialized)");
    boost::mpi::communicator own(comm, boost::mpi::comm_duplicate);
    // Errors come back as boost::mpi::exception, not as an abort, where the
    // MPI library can report them at all.
    ::MPI_Comm_set_errhandler(static_cast<MPI_Comm>(own), MPI_ERRORS_RETURN);
    return own;
}

// The bytes of a probed message. (status::count<char>() returns an optional
// that g++ 12 at -O2 believes may be read uninitialised.)
int message_size(boost::mpi::status& st)
{
    int n = 0;
    ::MPI_Get_count(&static_cast<MPI_Status&>(st), MPI_CHAR, &n);
    return n;
}

} // namespace

void rank_test_send_foreign_build_ids(bool on) noexcept
{
    foreign_build_ids.store(on, std::memory_order_relaxed);
}

class rank_engine_state
{
public:
    explicit rank_engine_state(const boost::mpi::communicator& comm)
        : comm_(duplicate(comm)), rank_(comm_.rank()), ranks_(comm_.size()), ahead_(static_cast<std::size_t>(ranks_), 0)
    {
    }

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

void rank_engine_state::serve()
{
    idle_backoff backoff(std::chrono::microseconds(1000));
    std::vector<char> batch;
    byte_buffer reply;
    byte_buffer scratch;
    try {
        for (;;) {
            boost::optional<boost::mpi::status> st = comm_.iprobe(0, boost::mpi::any_tag);
            if (!st) {
                backoff.pause();
                continue;
            }
            backoff.reset();
            if (st->tag() == tag_stop) {
                comm_.recv(0, tag_stop);
                return;
            }
            const int size = message_size(*st);
            batch.resize(static_cast<std::size_t>(size));
            comm_.recv(0, st->tag(), batch.data(), size);
            reply.clear();
            serve_batch({reinterpret_cast<const std::byte*>(batch.data()), batch.size()}, reply, scratch);
            comm_.send(0, tag_results, reinterpret_cast<const char*>(reply.data()), static_cast<int>(reply.size()));
        }
    } catch (const boost::mpi::exception& e) {
        throw broken_pool_error(std::string("freethreading: ") + type_name + ": rank " + std::to_string(rank_) +
                                " lost the client: MPI reported an error: " + e.what());
    }
}

rank_engine::rank_engine(const boost::mpi::communicator& comm) : state_(std::make_unique<rank_engine_state>(comm))
{
    if (state_->is_client())
        state_->start_client();
    else
        state_->serve();
}

rank_engine::~rank_engine() = default;

bool rank_engine::is_client() const noexcept
{
    return state_->is_client();
}

std::size_t rank_engine::size() const noexcept
{
    return state_->workers();
}

int rank_engine::rank() const noexcept
{
    return state_->rank();
}

void rank_engine::close() noexcept
{
    state_->close();
}

void rank_engine::cancel_pending()
{
    state_->cancel_pending();
}

bool rank_engine::join_until(steady_time deadline)
{
    if (!state_->is_client())
        return true;
    return state_->join_until(deadline);
}

void rank_engine::enqueue(std::shared_ptr<rank_task_base> t)
{
    state_->enqueue(std::move(t));
}

} // namespace freethreading::detail
