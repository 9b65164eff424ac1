//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The serving loop of a worker rank of the MPI executor's engine: it polls
// rank 0 for batches, runs each (rank_worker.cpp) and sends back the replies
// until the client says stop.

#include "rank_engine_state.hpp"

#include <boost/mpi/exception.hpp>
#include <boost/mpi/status.hpp>

#include <boost/optional.hpp>

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace freethreading::detail {

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

} // namespace freethreading::detail
