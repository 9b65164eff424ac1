//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Only facades and get_backend() resolve the backend (DESIGN §1). With
// FREETHREADING_BACKEND=bogus, threading:: and multiprocessing:: primitives
// construct and work, every facade throws std::invalid_argument naming the
// bad value and the valid ones (again and again, until set_backend), and
// after set_backend the facades construct where it says.
//
// The backend is resolved once per process, so each case runs in a forked
// child of a parent that never resolves it: this program constructs no
// facade and calls no get_backend() outside its children, and neither the
// library's static initialisers nor Boost.Test do. (Were it resolved before
// the fork, the child's facade would construct and the case would fail.)
// The child writes what it saw to a shared page, checked by the parent.

#include <freethreading/sync.hpp>

#include <freethreading/core/backend.hpp>

#include "sync_test_support.hpp"

#include <freethreading_test/child_process.hpp>
#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>

namespace ft = freethreading;

namespace {

// The three spellings of each primitive: threading::, multiprocessing::, facade.
using spellings = std::tuple<std::tuple<ft::threading::mutex, ft::multiprocessing::mutex, ft::mutex>,
                             std::tuple<ft::threading::recursive_mutex, ft::multiprocessing::recursive_mutex,
                                        ft::recursive_mutex>,
                             std::tuple<ft::threading::semaphore, ft::multiprocessing::semaphore, ft::semaphore>,
                             std::tuple<ft::threading::bounded_semaphore, ft::multiprocessing::bounded_semaphore,
                                        ft::bounded_semaphore>,
                             std::tuple<ft::threading::condition, ft::multiprocessing::condition, ft::condition>,
                             std::tuple<ft::threading::event, ft::multiprocessing::event, ft::event>,
                             std::tuple<ft::threading::barrier, ft::multiprocessing::barrier, ft::barrier>,
                             std::tuple<ft::threading::stop_source, ft::multiprocessing::stop_source,
                                        ft::stop_source>>;

constexpr std::size_t primitive_count = std::tuple_size_v<spellings>;
constexpr const char* primitive_names[primitive_count] = {
    "mutex", "recursive_mutex", "semaphore", "bounded_semaphore", "condition", "event", "barrier", "stop_source"};

// What the child saw for one primitive; every field true when all is well.
struct primitive_record
{
    bool threading_in_process = false;      // threading::P constructed, state in the process
    bool multiprocessing_shared = false;    // multiprocessing::P constructed, state in shared memory
    bool facade_refused = false;            // the facade threw std::invalid_argument naming "bogus"
    bool facade_refused_again = false;      // and again on a second try
    bool facade_after_set_backend = false;  // then constructed, state where set_backend said
};

// What the child saw, in a MAP_SHARED page.
struct child_report
{
    int steps = 0;                         // how far the child got
    bool get_backend_refused = false;      // get_backend() threw std::invalid_argument too
    bool mutexes_lock = false;             // threading:: and multiprocessing:: mutexes lock and unlock
    char facade_mutex_message[512] = {};   // what() of the facade mutex's refusal
    primitive_record primitives[primitive_count];
};

template <class P>
P make()
{
    if constexpr (std::is_default_constructible_v<P>)
        return P();
    else
        return P(1); // a barrier needs its parties
}

template <class P>
bool state_is_shared(const P& p)
{
    return sync_test::is_shared(p);
}

// The facade's refusal: what() of the std::invalid_argument it threw, or ""
// if it constructed or threw something else.
template <class P>
std::string facade_refusal()
{
    try {
        [[maybe_unused]] const P p = make<P>();
    } catch (const std::invalid_argument& e) {
        return e.what();
    } catch (...) {
    }
    return {};
}

bool names_bad_and_valid_values(const std::string& what)
{
    return what.find("bogus") != std::string::npos && what.find("'threading'") != std::string::npos &&
           what.find("'multiprocessing'") != std::string::npos;
}

// Before set_backend: the explicit spellings work, the facade is refused.
template <class Threading, class Multiprocessing, class Facade>
void check_unresolved(primitive_record& r, std::tuple<Threading, Multiprocessing, Facade>*)
{
    r.threading_in_process = !state_is_shared(make<Threading>());
    r.multiprocessing_shared = state_is_shared(make<Multiprocessing>());
    r.facade_refused = names_bad_and_valid_values(facade_refusal<Facade>());
    r.facade_refused_again = names_bad_and_valid_values(facade_refusal<Facade>());
}

template <class Threading, class Multiprocessing, class Facade>
void check_resolved(primitive_record& r, std::tuple<Threading, Multiprocessing, Facade>*, ft::backend b)
{
    r.facade_after_set_backend = state_is_shared(make<Facade>()) == (b == ft::backend::multiprocessing);
}

// Calls f(record, (std::tuple<T, M, F>*)nullptr) for each primitive, in order.
template <class F>
void for_each_primitive(F f, child_report& report)
{
    [&]<class... S>(std::tuple<S...>*) {
        std::size_t i = 0;
        (f(report.primitives[i++], static_cast<S*>(nullptr)), ...);
    }(static_cast<spellings*>(nullptr));
}

// The child: FREETHREADING_BACKEND=bogus, every check, set_backend(b), the facades again.
bool run_checks(child_report& report, ft::backend b)
{
    ::setenv("FREETHREADING_BACKEND", "bogus", 1);
    report.steps = 1;
    ft::threading::mutex tm;
    ft::multiprocessing::mutex mm;
    tm.lock();
    mm.lock();
    report.mutexes_lock = tm.locked() && mm.locked() && sync_test::held_by_caller(mm);
    tm.unlock();
    mm.unlock();
    report.steps = 2;
    const std::string message = facade_refusal<ft::mutex>();
    std::strncpy(report.facade_mutex_message, message.c_str(), sizeof report.facade_mutex_message - 1);
    report.steps = 3;
    for_each_primitive([&](primitive_record& r, auto* s) { check_unresolved(r, s); }, report);
    try {
        (void)ft::get_backend();
    } catch (const std::invalid_argument& e) {
        report.get_backend_refused = names_bad_and_valid_values(e.what());
    }
    report.steps = 4;
    ft::set_backend(b);
    for_each_primitive([&](primitive_record& r, auto* s) { check_resolved(r, s, b); }, report);
    report.steps = 5;
    return ft::get_backend() == b;
}

void check_in_child(ft::backend b)
{
    freethreading_test::shared_page<child_report> report;
    const auto status = freethreading_test::run_in_child([&] { return run_checks(*report, b); });
    BOOST_TEST(status.exited_with(0));
    BOOST_TEST(report->steps == 5);
    BOOST_TEST(report->mutexes_lock);
    const std::string message = report->facade_mutex_message;
    BOOST_TEST(message.find("bogus") != std::string::npos, "facade mutex refused with '" << message << "'");
    BOOST_TEST(report->get_backend_refused);
    for (std::size_t i = 0; i < primitive_count; ++i) {
        BOOST_TEST_CONTEXT(primitive_names[i])
        {
            const primitive_record& r = report->primitives[i];
            BOOST_TEST(r.threading_in_process);
            BOOST_TEST(r.multiprocessing_shared);
            BOOST_TEST(r.facade_refused);
            BOOST_TEST(r.facade_refused_again);
            BOOST_TEST(r.facade_after_set_backend);
        }
    }
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace

BOOST_AUTO_TEST_CASE(bogus_environment_refuses_facades_until_set_backend_threading)
{
    check_in_child(ft::backend::threading);
}

BOOST_AUTO_TEST_CASE(bogus_environment_refuses_facades_until_set_backend_multiprocessing)
{
    check_in_child(ft::backend::multiprocessing);
}
