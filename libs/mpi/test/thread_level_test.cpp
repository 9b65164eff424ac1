//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// MPI initialised with MPI_THREAD_SINGLE: with more than one rank, every
// rank's constructor throws std::invalid_argument naming what to ask for
// (none of them waits for the others); alone, rank 0 needs no MPI calls from
// another thread and the executor works. Run with 1 and with 3 ranks.

#include <freethreading/mpi.hpp>

#include <boost/mpi/environment.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <stdexcept>
#include <string>

namespace {

int twice(int x)
{
    return 2 * x;
}

// MPI for the whole program, before the leak check's first count.
struct single_threaded_mpi
{
    void setup()
    {
        static std::optional<boost::mpi::environment> env;
        if (!env)
            env.emplace(boost::mpi::threading::single);
    }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(single_threaded_mpi);

BOOST_AUTO_TEST_CASE(too_little_thread_support_is_refused_on_every_rank)
{
    BOOST_TEST_REQUIRE(boost::mpi::environment::thread_level() == boost::mpi::threading::single,
                       "the MPI library gave more than MPI_THREAD_SINGLE: this test cannot run");
    boost::mpi::communicator world;
    if (world.size() == 1) {
        freethreading::mpi::worker_pool_executor ex(world);
        BOOST_TEST(ex.submit(&twice, 21).get() == 42);
        return;
    }
    try {
        freethreading::mpi::worker_pool_executor ex(world);
        BOOST_FAIL("constructed with MPI_THREAD_SINGLE and " << world.size() << " ranks");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("MPI_THREAD_SERIALIZED") != std::string::npos, e.what());
        BOOST_TEST(std::string(e.what()).find("boost::mpi::threading::serialized") != std::string::npos, e.what());
    }
}
