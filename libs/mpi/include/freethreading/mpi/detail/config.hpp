//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_MPI_DETAIL_CONFIG_HPP
#define FREETHREADING_MPI_DETAIL_CONFIG_HPP

#include <freethreading/core/config.hpp>

#if defined(FREETHREADING_MPI_SOURCE)
#  define FREETHREADING_MPI_DECL FREETHREADING_SYMBOL_EXPORT
#else
#  define FREETHREADING_MPI_DECL FREETHREADING_SYMBOL_IMPORT
#endif

#endif // FREETHREADING_MPI_DETAIL_CONFIG_HPP
