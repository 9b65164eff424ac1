//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Linked into every test program by both build systems: after each test
// case, nothing that case made may be left (DESIGN §10) — no child process
// (zombies count), no thread other than the library's own long-lived "ft-…"
// threads, no file descriptor, no shared-object reference in this process's
// handle table and no /dev/shm object mapped or open. Things that end
// asynchronously (a detached thread on its way out, a pidfd closed by a
// reaper) are given two seconds to settle before the case is failed.

// The build defines BOOST_TEST_MODULE for every source of a test program;
// only the test's own file may define main().
#undef BOOST_TEST_MODULE

#include <freethreading_test/child_process.hpp>

#include <freethreading/core/ipc/handle_table.hpp>

#include <boost/test/tree/fixture.hpp>
#include <boost/test/tree/traverse.hpp>
#include <boost/test/tree/visitor.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace {

struct resources
{
    int children = 0;
    int threads = 0; // not counting the library's "ft-…" threads
    int descriptors = 0;
    std::size_t handles = 0;
    int dev_shm = 0;

    bool within(const resources& before) const
    {
        return children <= before.children && threads <= before.threads &&
               descriptors <= before.descriptors && handles <= before.handles && dev_shm <= before.dev_shm;
    }
};

int count_user_threads()
{
    int n = 0;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        std::getline(comm, name);
        if (name.rfind("ft-", 0) != 0)
            ++n;
    }
    return n;
}

int count_descriptors()
{
    int n = 0;
    std::error_code ec;
    for ([[maybe_unused]] const auto& fd : std::filesystem::directory_iterator("/proc/self/fd", ec))
        ++n;
    return n - 1; // the iterator's own descriptor
}

resources take()
{
    return {freethreading_test::count_children(), count_user_threads(), count_descriptors(),
            freethreading::detail::handle_table::size(), freethreading_test::count_dev_shm()};
}

std::string describe(const resources& r)
{
    std::ostringstream out;
    out << r.children << " children, " << r.threads << " threads, " << r.descriptors << " descriptors, "
        << r.handles << " shared-object references, " << r.dev_shm << " /dev/shm objects held";
    return out.str();
}

// Torn down while its test case is still the current one, so a failure
// here is that case's failure (an observer's finish hook runs too late).
class leak_fixture : public boost::unit_test::test_unit_fixture
{
public:
    void setup() override { before_ = take(); }

    void teardown() override
    {
        resources after = take();
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (!after.within(before_) && std::chrono::steady_clock::now() < give_up) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            after = take();
        }
        BOOST_TEST(after.within(before_), "the test case left something behind: before it " << describe(before_)
                                                                                              << "; after it "
                                                                                              << describe(after));
    }

private:
    resources before_;
};

// Adds one leak_fixture to every test case of the program.
class attach_to_cases : public boost::unit_test::test_tree_visitor
{
public:
    explicit attach_to_cases(boost::unit_test::test_unit_fixture_ptr f) : fixture_(std::move(f)) {}

    void visit(const boost::unit_test::test_case& tc) override
    {
        boost::unit_test::framework::get(tc.p_id, boost::unit_test::TUT_CASE).p_fixtures.value.push_back(fixture_);
    }

private:
    boost::unit_test::test_unit_fixture_ptr fixture_;
};

struct leak_check
{
    void setup()
    {
#if defined(__SANITIZE_THREAD__)
        // ThreadSanitizer starts a background thread of its own at the first
        // pthread_create: make it exist before the first case is measured.
        std::thread([] {}).join();
#endif
        attach_to_cases visitor(boost::unit_test::test_unit_fixture_ptr(new leak_fixture));
        boost::unit_test::traverse_test_tree(boost::unit_test::framework::master_test_suite(), visitor, true);
    }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(leak_check);
