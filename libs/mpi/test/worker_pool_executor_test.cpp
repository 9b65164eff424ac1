//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// mpi::worker_pool_executor, run by ctest and b2 under mpirun with 1 rank
// (rank 0 runs the tasks itself) and with 3 (two worker ranks): every rank
// runs every case, constructing the executor collectively; the worker ranks'
// constructors serve until rank 0 shuts it down, and only rank 0 checks.
// The leak check runs on every rank: a case leaves no thread, descriptor or
// child behind (MPI's own threads and connections exist before the first
// case: the global fixture below makes them).

#include <freethreading/mpi.hpp>

#include <freethreading/executor.hpp>
#include <freethreading/queue.hpp>
#include <freethreading/sync.hpp>

#include <boost/mpi/environment.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace mpi = freethreading::mpi;

namespace {

int add(int a, int b)
{
    return a + b;
}

long square(long x)
{
    return x * x;
}

std::string where(std::string what)
{
    return what + " ran on rank with pid " + std::to_string(::getpid());
}

std::vector<std::string> split_words(std::string text)
{
    std::vector<std::string> out;
    std::string word;
    for (char c : text) {
        if (c == ' ') {
            out.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    out.push_back(word);
    return out;
}

int out_of_range_at(int i)
{
    if (i == 3)
        throw std::out_of_range("index 3 is out of range");
    return i;
}

struct custom_failure : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

int throw_custom(int)
{
    throw custom_failure("a custom failure");
}

int sleep_ms(int ms)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return ms;
}

struct job
{
    int id;
    std::string name;
    std::vector<double> weights;
};

double total_weight(job j)
{
    return j.id + std::accumulate(j.weights.begin(), j.weights.end(), 0.0);
}

// MPI for the whole program, made before the first case so that its own
// threads, descriptors and connections are not counted against a case: one
// executor round trip makes the transport connect every worker rank.
struct mpi_job
{
    mpi_job()
    {
        env.emplace(boost::mpi::threading::serialized);
        boost::mpi::communicator world;
        mpi::worker_pool_executor ex(world);
        if (ex.is_client())
            (void)ex.map(&square, std::vector<long>(16, 2));
    }
    std::optional<boost::mpi::environment> env;
};

mpi_job& job_instance()
{
    static mpi_job j;
    return j;
}

struct mpi_fixture
{
    void setup() { (void)job_instance(); }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(mpi_fixture);

static_assert(mpi::portable<int>);
static_assert(mpi::portable<std::vector<std::string>>);
static_assert(mpi::portable<job>);
static_assert(!mpi::portable<freethreading::multiprocessing::queue<int>>);
static_assert(!mpi::portable<freethreading::queue<int>>);
static_assert(!mpi::portable<std::vector<freethreading::multiprocessing::lock>>);
static_assert(!mpi::portable<std::string_view>);
static_assert(freethreading::serializable<freethreading::multiprocessing::queue<int>>);

BOOST_AUTO_TEST_CASE(submit_runs_functions_and_lambdas)
{
    boost::mpi::communicator world;
    mpi::worker_pool_executor ex(world);
    if (!ex.is_client())
        return;
    BOOST_TEST(ex.size() == (world.size() == 1 ? 1u : static_cast<std::size_t>(world.size() - 1)));
    BOOST_TEST(ex.submit(&add, 2, 3).get() == 5);
    BOOST_TEST(ex.submit([](int x) { return x * 10; }, 4).get() == 40);
    BOOST_TEST(ex.submit(&split_words, std::string("a bc def")).get() ==
               (std::vector<std::string>{"a", "bc", "def"}));
    BOOST_TEST(ex.submit(&total_weight, job{1, "j", {0.5, 0.25}}).get() == 1.75);
    const std::string s = ex.submit(&where, std::string("task")).get();
    if (world.size() > 1)
        BOOST_TEST(s != where("task"), "a task ran in rank 0 although worker ranks exist: " << s);
    else
        BOOST_TEST(s == where("task"));
}

BOOST_AUTO_TEST_CASE(map_honours_chunksize_and_matches_multiprocessing)
{
    boost::mpi::communicator world;
    mpi::worker_pool_executor ex(world);
    if (!ex.is_client())
        return;
    std::vector<long> xs(1000);
    std::iota(xs.begin(), xs.end(), -500);
    std::vector<long> expected(xs.size());
    std::transform(xs.begin(), xs.end(), expected.begin(), square);
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{100}, std::size_t{5000}})
        BOOST_TEST(ex.map(&square, xs, chunk) == expected, "chunksize " << chunk);
    BOOST_TEST(ex.map(&square, std::vector<long>{}).empty());
    BOOST_CHECK_THROW((void)ex.map(&square, xs, 0), std::invalid_argument);

    freethreading::multiprocessing::worker_pool_executor local(2);
    BOOST_TEST(ex.map(&square, xs, 13) == local.map(&square, xs, 13));
    const std::vector<std::string> texts{"x y", "", "one two three"};
    BOOST_TEST(ex.map(&split_words, texts) == local.map(&split_words, texts));
    local.shutdown();
}

BOOST_AUTO_TEST_CASE(exceptions_come_back_by_exact_type_or_as_remote_error)
{
    boost::mpi::communicator world;
    mpi::worker_pool_executor ex(world);
    if (!ex.is_client())
        return;
    auto f = ex.submit(&out_of_range_at, 3);
    try {
        (void)f.get();
        BOOST_FAIL("no exception");
    } catch (const std::out_of_range& e) {
        BOOST_TEST(std::string(e.what()) == "index 3 is out of range");
    }
    BOOST_TEST(static_cast<bool>(f.exception()));
    try {
        (void)ex.submit(&throw_custom, 0).get();
        BOOST_FAIL("no exception");
    } catch (const freethreading::remote_error& e) {
        BOOST_TEST(e.type_name().find("custom_failure") != std::string::npos, e.type_name());
        BOOST_TEST(std::string(e.what()) == "a custom failure");
    }
    // map: the first exception in input order, after every task ended.
    std::vector<int> is(10);
    std::iota(is.begin(), is.end(), 0);
    BOOST_CHECK_THROW((void)ex.map(&out_of_range_at, is, 2), std::out_of_range);
    BOOST_TEST(ex.submit(&add, 1, 1).get() == 2, "the executor works after failed tasks");
}

BOOST_AUTO_TEST_CASE(wait_and_as_completed)
{
    boost::mpi::communicator world;
    mpi::worker_pool_executor ex(world);
    if (!ex.is_client())
        return;
    std::vector<freethreading::future<int>> fs;
    for (int ms : {150, 1, 2, 3})
        fs.push_back(ex.submit(&sleep_ms, ms));
    const auto first = freethreading::wait(fs, freethreading::return_when::first_completed);
    BOOST_TEST(!first.done.empty());
    const auto all = freethreading::wait(fs);
    BOOST_TEST(all.done.size() == 4u);
    BOOST_TEST(all.not_done.empty());

    std::vector<freethreading::future<int>> more;
    for (int i = 0; i < 20; ++i)
        more.push_back(ex.submit(&add, i, 100));
    std::vector<int> seen;
    for (auto& f : freethreading::as_completed(more))
        seen.push_back(f.get());
    std::sort(seen.begin(), seen.end());
    std::vector<int> expected(20);
    std::iota(expected.begin(), expected.end(), 100);
    BOOST_TEST(seen == expected);
    BOOST_TEST(fs.front().wait_for(std::chrono::seconds(10)));
}

BOOST_AUTO_TEST_CASE(map_for_times_out)
{
    boost::mpi::communicator world;
    mpi::worker_pool_executor ex(world);
    if (!ex.is_client())
        return;
    const std::vector<int> ms(8, 100);
    BOOST_CHECK_THROW((void)ex.map_for(&sleep_ms, ms, std::chrono::milliseconds(20)), freethreading::timeout_error);
    BOOST_TEST(ex.map_for(&sleep_ms, std::vector<int>{1, 2}, std::chrono::seconds(30)) == (std::vector<int>{1, 2}));
}

BOOST_AUTO_TEST_CASE(shutdown_then_submit_is_a_logic_error)
{
    boost::mpi::communicator world;
    mpi::worker_pool_executor ex(world);
    if (!ex.is_client()) {
        BOOST_CHECK_THROW((void)ex.submit(&add, 1, 2), std::logic_error);
        return;
    }
    auto f = ex.submit(&sleep_ms, 50);
    ex.shutdown();
    BOOST_TEST(f.done());
    BOOST_TEST(f.get() == 50);
    BOOST_CHECK_THROW((void)ex.submit(&add, 1, 2), std::logic_error);
    BOOST_CHECK_THROW((void)ex.map(&square, std::vector<long>{1}), std::logic_error);
    ex.shutdown(); // again: harmless
}

BOOST_AUTO_TEST_CASE(shutdown_cancel_futures_cancels_what_was_not_sent)
{
    boost::mpi::communicator world;
    mpi::worker_pool_executor ex(world);
    if (!ex.is_client())
        return;
    std::vector<freethreading::future<int>> fs;
    for (int i = 0; i < 400; ++i)
        fs.push_back(ex.submit(&sleep_ms, 5));
    ex.shutdown(true, true);
    std::size_t cancelled = 0;
    for (auto& f : fs) {
        BOOST_TEST(f.done());
        if (f.cancelled())
            ++cancelled;
        else
            BOOST_TEST(f.get() == 5);
    }
    BOOST_TEST(cancelled > 0u);
}

BOOST_AUTO_TEST_CASE(another_build_is_refused)
{
    boost::mpi::communicator world;
    mpi::worker_pool_executor ex(world);
    if (!ex.is_client())
        return;
    freethreading::detail::rank_test_send_foreign_build_ids(true);
    auto f = ex.submit(&add, 1, 2);
    try {
        (void)f.get();
        freethreading::detail::rank_test_send_foreign_build_ids(false);
        BOOST_FAIL("a task of another build ran");
    } catch (const freethreading::remote_error& e) {
        freethreading::detail::rank_test_send_foreign_build_ids(false);
        BOOST_TEST(e.type_name().find("task_id_error") != std::string::npos, e.type_name());
        BOOST_TEST(std::string(e.what()).find("another build") != std::string::npos, e.what());
    }
    BOOST_TEST(ex.submit(&add, 1, 2).get() == 3);
}
