//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_QUEUE_TEST_QUEUE_ITEMS_CONFORMANCE_HPP
#define FREETHREADING_QUEUE_TEST_QUEUE_ITEMS_CONFORMANCE_HPP

// The simple_queue_of suite, part two: the item types DESIGN §4 and §5
// promise (strings with any bytes, vectors, aggregates field by field, a
// million ints in order, move-only items in process only), and items crossing
// to another contender in order. Function templates as in part one,
// queue_conformance.hpp, whose helpers they use.

#include <freethreading/queue.hpp>

#include <freethreading/core/codec.hpp>

#include "queue_conformance.hpp"
#include "queue_test_support.hpp"

#include <freethreading_test/contenders.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace queue_conformance {

template <class Q>
void test_string_items_keep_their_bytes()
{
    with_item<Q, std::string> q;
    const std::string with_nul("a\0b\0", 4);
    const std::string long_text(100'000, 'x');
    q.put(std::string());
    q.put(with_nul);
    q.put(long_text);
    for (int i = 0; i < 300; ++i)
        q.put(text_of(i));
    BOOST_TEST(q.get().empty());
    BOOST_TEST(q.get() == with_nul);
    BOOST_TEST(q.get() == long_text);
    for (int i = 0; i < 300; ++i)
        BOOST_TEST(q.get() == text_of(i));
    BOOST_TEST(q.empty());
}

template <class Q>
void test_vector_items_keep_their_elements()
{
    with_item<Q, std::vector<int>> q;
    std::vector<int> big(50'000);
    for (std::size_t i = 0; i < big.size(); ++i)
        big[i] = static_cast<int>(i * 2654435761u);
    q.put(std::vector<int>{});
    q.put(std::vector<int>{1, 2, 3});
    q.put(big);
    BOOST_TEST(q.get().empty());
    BOOST_TEST(q.get() == (std::vector<int>{1, 2, 3}), boost::test_tools::per_element());
    BOOST_TEST((q.get() == big));
    BOOST_TEST(q.empty());
}

template <class Q>
void test_aggregate_items_keep_every_field()
{
    with_item<Q, record> q;
    for (int i = 0; i < 100; ++i)
        q.put(record_of(i));
    for (int i = 0; i < 100; ++i) {
        const record r = q.get();
        BOOST_TEST((r == record_of(i)), "record " << i << " came back as id " << r.id << " '" << r.name << "'");
    }
    BOOST_TEST(q.empty());
}

template <class Q>
void test_a_million_ints_in_exact_order()
{
    constexpr int n = 1'000'000;
    Q q; // unbounded: every put returns at once
    for (int i = 0; i < n; ++i)
        q.put(i);
    int wrong = 0;
    int first_wrong = -1;
    for (int i = 0; i < n; ++i)
        if (q.get() != i && wrong++ == 0)
            first_wrong = i;
    BOOST_TEST(wrong == 0, wrong << " items out of place, the first at " << first_wrong);
    BOOST_TEST(q.empty());
}

template <class Q>
void test_move_only_items_in_process_only()
{
    if constexpr (in_process_only<Q>) {
        with_item<Q, std::unique_ptr<int>> q;
        q.put(std::make_unique<int>(1));
        q.put(std::make_unique<int>(2));
        const std::unique_ptr<int> a = q.get();
        const std::optional<std::unique_ptr<int>> b = q.try_get();
        BOOST_TEST((a != nullptr && *a == 1));
        BOOST_TEST((b.has_value() && *b != nullptr && **b == 2));
        BOOST_TEST(q.empty());

        // Items still queued are destroyed with the queue.
        const auto counted = std::make_shared<int>(0);
        {
            with_item<Q, std::shared_ptr<int>> owner;
            owner.put(counted);
            owner.put(counted);
            BOOST_TEST(counted.use_count() == 3);
        }
        BOOST_TEST(counted.use_count() == 1);
    } else {
        // A unique_ptr cannot cross into another process (DESIGN §5 rule 1).
        static_assert(!freethreading::serializable<std::unique_ptr<int>>);
        static_assert(!freethreading::detail::queue_item<std::unique_ptr<int>, domain_of<Q>>);
        BOOST_TEST(!freethreading::serializable<std::unique_ptr<int>>);
    }
}

template <class Q>
void test_items_cross_to_another_contender_in_order()
{
    constexpr int n = 2'000;
    with_item<Q, std::string> there;
    with_item<Q, record> back;
    for (int i = 0; i < n; ++i)
        there.put(text_of(i));
    const bool ok = freethreading_test::run_contenders(is_shared(there), 1, [&](int) {
        bool good = true;
        for (int i = 0; i < n && good; ++i) {
            const auto v = get_within(there, 10s);
            good = expect(holds(v, text_of(i)), "item " + std::to_string(i) + " missing or wrong");
        }
        for (int i = 0; i < n; ++i)
            back.put(record_of(i));
        return good && expect(there.empty(), "items left over");
    });
    BOOST_TEST(ok);
    for (int i = 0; i < n; ++i)
        BOOST_TEST((back.get() == record_of(i)));
    BOOST_TEST(back.empty());
    BOOST_TEST(freethreading_test::count_children() == 0);
}

} // namespace queue_conformance


/** Defines one Boost.Test case template per clause of the simple_queue_of
    suite (put and get, then item types) over the std::tuple of spellings
    `spellings`: the drivers of queue and simple_queue share it. */
#define FREETHREADING_TEST_SIMPLE_QUEUE_OF_CASES(spellings) \
    BOOST_AUTO_TEST_CASE_TEMPLATE(state_lives_where_the_spelling_says, Q, spellings) { queue_conformance::test_state_lives_where_the_spelling_says<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(put_then_get_returns_the_item, Q, spellings) { queue_conformance::test_put_then_get_returns_the_item<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(items_come_out_in_fifo_order, Q, spellings) { queue_conformance::test_items_come_out_in_fifo_order<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(try_get_on_an_empty_queue_returns_nothing, Q, spellings) { queue_conformance::test_try_get_on_an_empty_queue_returns_nothing<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(empty_follows_put_and_get, Q, spellings) { queue_conformance::test_empty_follows_put_and_get<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(copies_are_the_same_queue, Q, spellings) { queue_conformance::test_copies_are_the_same_queue<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(a_blocked_get_wakes_on_put, Q, spellings) { queue_conformance::test_a_blocked_get_wakes_on_put<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(string_items_keep_their_bytes, Q, spellings) { queue_conformance::test_string_items_keep_their_bytes<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(vector_items_keep_their_elements, Q, spellings) { queue_conformance::test_vector_items_keep_their_elements<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(aggregate_items_keep_every_field, Q, spellings) { queue_conformance::test_aggregate_items_keep_every_field<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(a_million_ints_in_exact_order, Q, spellings) { queue_conformance::test_a_million_ints_in_exact_order<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(move_only_items_in_process_only, Q, spellings) { queue_conformance::test_move_only_items_in_process_only<Q>(); } \
    BOOST_AUTO_TEST_CASE_TEMPLATE(items_cross_to_another_contender_in_order, Q, spellings) { queue_conformance::test_items_cross_to_another_contender_in_order<Q>(); }

#endif // FREETHREADING_QUEUE_TEST_QUEUE_ITEMS_CONFORMANCE_HPP
