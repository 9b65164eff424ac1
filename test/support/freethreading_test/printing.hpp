//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_TEST_PRINTING_HPP
#define FREETHREADING_TEST_PRINTING_HPP

// Boost.Test prints the operands of a failed BOOST_TEST: teach it the
// vocabulary types the tests compare.

#include <boost/test/unit_test.hpp>

#include <optional>
#include <ostream>

namespace boost::test_tools::tt_detail {

template <class T>
struct print_log_value<std::optional<T>>
{
    void operator()(std::ostream& os, const std::optional<T>& v)
    {
        if (v)
            os << *v;
        else
            os << "nullopt";
    }
};

} // namespace boost::test_tools::tt_detail

#endif // FREETHREADING_TEST_PRINTING_HPP
