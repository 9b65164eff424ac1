//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Handles to shared objects (DESIGN §3): copies, moves and destructions in
// parent and children free the object exactly when the last handle goes, in
// whichever process that is.

#include <freethreading/core/ipc/handle_table.hpp>
#include <freethreading/core/ipc/shared_handle.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <optional>
#include <sys/mman.h>
#include <thread>
#include <vector>

namespace ftd = freethreading::detail;
using freethreading_test::run_in_child;
using freethreading_test::start_child;
using freethreading_test::wait_child;

namespace {

// Counters in a page every process shares, outside the segment under test.
struct shared_counters
{
    std::atomic<int> destroyed{0};
    std::atomic<int> destroyer_pid{0};
    std::atomic<int> step{0};
    std::atomic<std::uint64_t> encoded{0};
};

shared_counters* counters()
{
    static auto* c = static_cast<shared_counters*>(::mmap(nullptr, sizeof(shared_counters), PROT_READ | PROT_WRITE,
                                                          MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    return c;
}

struct tracked : ftd::shared_object_header
{
    explicit tracked(int v) : value(v) {}
    ~tracked()
    {
        counters()->destroyed.fetch_add(1);
        counters()->destroyer_pid.store(::getpid());
    }
    std::atomic<int> value;
};

using handle = ftd::shared_handle<tracked>;

struct reset_counters
{
    reset_counters()
    {
        counters()->destroyed = 0;
        counters()->destroyer_pid = 0;
        counters()->step = 0;
        counters()->encoded = 0;
    }
    ~reset_counters() { BOOST_TEST(ftd::handle_table::size() == 0u); }
};

void wait_for_step(int n)
{
    while (counters()->step.load() < n)
        std::this_thread::yield();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(handles, reset_counters)

BOOST_AUTO_TEST_CASE(copies_in_one_process_share_one_reference)
{
    std::optional<handle> a = handle::make(7);
    BOOST_TEST(a->get()->references.load() == 1u);
    {
        std::vector<handle> copies(100, *a);
        handle moved = std::move(copies.back());
        BOOST_TEST(a->get()->references.load() == 1u); // copies touch only the local count
        BOOST_TEST(moved->value.load() == 7);
    }
    BOOST_TEST(counters()->destroyed.load() == 0);
    a.reset();
    BOOST_TEST(counters()->destroyed.load() == 1);
    BOOST_TEST(counters()->destroyer_pid.load() == ::getpid());
}

BOOST_AUTO_TEST_CASE(child_drops_inherited_copy_first)
{
    std::optional<handle> h = handle::make(1);
    auto s = run_in_child([&] {
        if (h->get()->references.load() != 2u) // the parent's and this process's
            return false;
        handle moved_out = std::move(*h); // moved out in the child
        h.reset();
        moved_out->value.store(2);
        return true; // moved_out is destroyed here, before _exit
    });
    BOOST_TEST(s.exited_with(0));
    BOOST_TEST(counters()->destroyed.load() == 0);
    BOOST_TEST((*h)->value.load() == 2);
    BOOST_TEST(h->get()->references.load() == 1u);
    h.reset();
    BOOST_TEST(counters()->destroyed.load() == 1);
}

BOOST_AUTO_TEST_CASE(last_handle_in_child_destroys)
{
    std::optional<handle> h = handle::make(3);
    const pid_t child = start_child([&] {
        std::vector<handle> copies(5, *h);
        h.reset();
        wait_for_step(1); // the parent has dropped its handle
        if (counters()->destroyed.load() != 0 || copies.front()->value.load() != 3)
            return false;
        copies.clear(); // the last handle anywhere
        return counters()->destroyed.load() == 1 && counters()->destroyer_pid.load() == ::getpid();
    });
    h.reset();
    BOOST_TEST(counters()->destroyed.load() == 0);
    counters()->step = 1;
    BOOST_TEST(wait_child(child).exited_with(0));
    BOOST_TEST(counters()->destroyed.load() == 1);
    BOOST_TEST(counters()->destroyer_pid.load() == child);
}

BOOST_AUTO_TEST_CASE(encoded_reference_keeps_object_alive_until_decoded)
{
    std::optional<handle> h = handle::make(5);
    const std::uint64_t encoded = h->encode();
    h.reset();
    BOOST_TEST(counters()->destroyed.load() == 0);
    auto s = run_in_child([&] {
        handle decoded = handle::decode(encoded);
        return decoded->value.load() == 5 && counters()->destroyed.load() == 0;
    });
    BOOST_TEST(s.exited_with(0));
    BOOST_TEST(counters()->destroyed.load() == 1);
}

BOOST_AUTO_TEST_CASE(object_made_in_child_outlives_it_through_an_encoding)
{
    auto s = run_in_child([] {
        handle made = handle::make(9);
        counters()->encoded = made.encode();
        return true; // the child's own reference goes with `made`
    });
    BOOST_TEST(s.exited_with(0));
    BOOST_TEST(counters()->destroyed.load() == 0);
    handle adopted = handle::decode(counters()->encoded.load());
    BOOST_TEST(adopted->value.load() == 9);
    BOOST_TEST(adopted->references.load() == 1u);
    handle copy = adopted;
    const std::uint64_t again = copy.encode();
    handle merged = handle::decode(again); // merges into this process's entry
    BOOST_TEST(merged->references.load() == 1u);
    BOOST_TEST(ftd::handle_table::size() == 1u);
}

BOOST_AUTO_TEST_CASE(release_encoded_drops_an_undecoded_reference)
{
    std::optional<handle> h = handle::make(4);
    const std::uint64_t encoded = h->encode();
    h.reset();
    BOOST_TEST(counters()->destroyed.load() == 0);
    ftd::handle_table::release_encoded(encoded);
    BOOST_TEST(counters()->destroyed.load() == 1);
    ftd::handle_table::release_encoded(0); // not a reference: ignored
}

BOOST_AUTO_TEST_CASE(release_all_at_child_exit)
{
    std::optional<handle> h = handle::make(6);
    auto s = run_in_child([&] {
        // Copies stranded where nothing will destroy them (as in a worker's
        // other threads or static storage), then the library's exit path.
        new handle(*h);
        new handle(*h);
        ftd::handle_table::release_all();
        return ftd::handle_table::size() == 0u;
    });
    BOOST_TEST(s.exited_with(0));
    BOOST_TEST(h->get()->references.load() == 1u);
    h.reset();
    BOOST_TEST(counters()->destroyed.load() == 1);
}

// A handle whose last copy is dropped while another thread forks: the
// fork's prepare hook may take the child's reference just before the drop
// makes the entry's count 0, so the child, which inherits the 0, must give
// that reference back, or the object is never destroyed (it once leaked a
// queue, its ring's 64 KiB chunk with it, now and then).
BOOST_AUTO_TEST_CASE(fork_while_other_threads_copy_and_drop)
{
    std::optional<handle> h = handle::make(8);
    std::atomic<bool> stop{false};
    std::atomic<int> made{0};
    std::thread churn([&] {
        while (!stop.load()) {
            handle t = handle::make(0); // made and dropped while the main thread forks
            made.fetch_add(1);
            handle c = *h;
        }
    });
    for (int i = 0; i < 400; ++i) {
        auto s = run_in_child([&] {
            ftd::handle_table::release_all(); // whatever this process inherited goes
            return true;
        });
        BOOST_TEST(s.exited_with(0));
    }
    stop = true;
    churn.join();
    BOOST_TEST(h->get()->references.load() == 1u);
    // Every object the churning thread made is gone, in whichever process
    // dropped its last reference.
    BOOST_TEST(counters()->destroyed.load() == made.load());
    const int before = counters()->destroyed.load();
    h.reset();
    BOOST_TEST(counters()->destroyed.load() == before + 1);
}

BOOST_AUTO_TEST_SUITE_END()
