//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_TEST_ASIO_TEST_SUPPORT_HPP
#define FREETHREADING_EXECUTOR_TEST_ASIO_TEST_SUPPORT_HPP

// What the Boost.Asio suites share (asio_completion_test.cpp,
// asio_cancellation_test.cpp, asio_executor_test.cpp): the spellings they run
// over, what an exception_ptr holds, and a bounded io_context::run().

#include <freethreading/executor.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/system_error.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <exception>
#include <string>
#include <tuple>

namespace asio_tests {

using executor_types = std::tuple<freethreading::threading::worker_pool_executor,
                                  freethreading::multiprocessing::worker_pool_executor,
                                  freethreading::worker_pool_executor>;
using pool_types = std::tuple<freethreading::threading::worker_pool, freethreading::multiprocessing::worker_pool,
                              freethreading::worker_pool>;

/** Whether an exception_ptr holds a std::exception whose message contains `text`. */
inline bool holds(const std::exception_ptr& e, const std::string& text)
{
    if (!e)
        return false;
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& x) {
        return std::string(x.what()).find(text) != std::string::npos;
    } catch (...) {
        return false;
    }
}

/** Whether an exception_ptr holds Asio's operation_aborted. */
inline bool is_aborted(const std::exception_ptr& e)
{
    if (!e)
        return false;
    try {
        std::rethrow_exception(e);
    } catch (const boost::system::system_error& x) {
        return x.code() == boost::asio::error::operation_aborted;
    } catch (...) {
        return false;
    }
}

/** Runs `io` on this thread until it has no work (bounded: a failing test cannot hang). */
inline void run(boost::asio::io_context& io)
{
    io.run_for(std::chrono::seconds(20));
    BOOST_TEST_REQUIRE(io.stopped());
}

} // namespace asio_tests

#endif // FREETHREADING_EXECUTOR_TEST_ASIO_TEST_SUPPORT_HPP
