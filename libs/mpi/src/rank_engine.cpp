//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The MPI executor's engine: the state's construction (the executor's own
// duplicate of the user's communicator) and rank_engine's members, which
// start the client's dispatcher thread on rank 0 or serve on the other ranks
// (rank_engine_state.hpp says how the two sides talk).

#include "rank_engine_state.hpp"

#include <boost/mpi/environment.hpp>

#include <mpi.h>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace freethreading::detail {

namespace {

boost::mpi::communicator duplicate(const boost::mpi::communicator& comm)
{
    if (comm.size() > 1 && boost::mpi::environment::thread_level() < boost::mpi::threading::serialized)
        throw std::invalid_argument(
            std::string("freethreading: ") + rank_engine_state::type_name +
            " needs MPI initialised with at least MPI_THREAD_SERIALIZED (its dispatcher thread talks to the "
            "worker ranks): construct boost::mpi::environment env(argc, argv, "
            "boost::mpi::threading::serialized)");
    boost::mpi::communicator own(comm, boost::mpi::comm_duplicate);
    // Errors come back as boost::mpi::exception, not as an abort, where the
    // MPI library can report them at all.
    ::MPI_Comm_set_errhandler(static_cast<MPI_Comm>(own), MPI_ERRORS_RETURN);
    return own;
}

} // namespace

rank_engine_state::rank_engine_state(const boost::mpi::communicator& comm)
    : comm_(duplicate(comm)), rank_(comm_.rank()), ranks_(comm_.size()), ahead_(static_cast<std::size_t>(ranks_), 0)
{
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
