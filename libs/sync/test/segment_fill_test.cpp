//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// A small segment filled with one kind of primitive (DESIGN §6): the states
// come from the segment's slab, one free list per size, so a 2 MiB segment
// holds at least 90 % of its size in lock (or event) states; the constructor
// that finds no room throws segment_exhausted_error naming the size asked and
// the largest block the segment could still give; and once the states are
// destroyed, as many fit again. Each fill runs in a child of its own, which
// makes its own segment of FREETHREADING_SHM_SIZE=2M.

#include <freethreading/sync.hpp>

#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

namespace ft = freethreading;
namespace ftd = freethreading::detail;

namespace {

constexpr std::size_t segment_bytes = std::size_t(2) << 20;

struct fill_report
{
    std::size_t made = 0;
    std::size_t made_again = 0;
    std::size_t state_bytes = 0;
    std::size_t requested = 0;
    std::size_t available = 0;
    bool message_names_setting = false;
    bool other_error = false;
};

template <class P>
std::size_t fill(std::vector<P>& made, fill_report& r)
{
    for (;;) {
        try {
            made.emplace_back();
        } catch (const ft::segment_exhausted_error& e) {
            r.requested = e.requested();
            r.available = e.available();
            r.message_names_setting = std::string(e.what()).find("FREETHREADING_SHM_SIZE") != std::string::npos;
            return made.size();
        } catch (...) {
            r.other_error = true;
            return made.size();
        }
    }
}

template <class P, class State>
void fill_a_small_segment()
{
    freethreading_test::shared_page<fill_report> r;
    const auto child = freethreading_test::run_in_child([&] {
        if (ftd::shared_segment::existing() != nullptr)
            return false; // the segment must be this child's own
        ::setenv("FREETHREADING_SHM_SIZE", "2M", 1);
        std::vector<P> made;
        made.reserve(segment_bytes / sizeof(State));
        r->made = fill(made, *r);
        r->state_bytes = sizeof(State);
        made.clear();
        r->made_again = fill(made, *r);
        return ftd::shared_segment::instance().size() == segment_bytes;
    });
    BOOST_TEST(child.exited_with(0));
    BOOST_TEST(!r->other_error);
    BOOST_TEST_MESSAGE(r->made << " states of " << r->state_bytes << " bytes in a 2 MiB segment");
    BOOST_TEST(r->made * r->state_bytes >= segment_bytes * 9 / 10, "only " << r->made << " states fit");
    BOOST_TEST(r->made_again == r->made);
    BOOST_TEST(r->requested == r->state_bytes);
    BOOST_TEST(r->available < 1024u, "the largest free block reported: " << r->available);
    BOOST_TEST(r->message_names_setting);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_2_mib_segment_holds_90_percent_of_its_size_in_lock_states)
{
    fill_a_small_segment<ft::multiprocessing::mutex, ftd::mutex_state>();
}

BOOST_AUTO_TEST_CASE(a_2_mib_segment_holds_90_percent_of_its_size_in_event_states)
{
    fill_a_small_segment<ft::multiprocessing::event, ftd::event_state>();
}
