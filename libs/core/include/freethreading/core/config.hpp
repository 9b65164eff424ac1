//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CONFIG_HPP
#define FREETHREADING_CORE_CONFIG_HPP

#if __cplusplus < 202002L
#  error "freethreading requires C++20 (-std=c++20)"
#endif

#if !defined(__linux__)
#  error "freethreading supports Linux only: it is built on futexes, fork() and pidfds"
#endif

#define FREETHREADING_SYMBOL_EXPORT __attribute__((visibility("default")))
#define FREETHREADING_SYMBOL_IMPORT __attribute__((visibility("default")))

// One DECL macro per compiled module: the module's own sources define
// FREETHREADING_<M>_SOURCE, a shared build defines FREETHREADING_<M>_DYN_LINK.
#if defined(FREETHREADING_CORE_SOURCE)
#  define FREETHREADING_CORE_DECL FREETHREADING_SYMBOL_EXPORT
#elif defined(FREETHREADING_CORE_DYN_LINK)
#  define FREETHREADING_CORE_DECL FREETHREADING_SYMBOL_IMPORT
#else
#  define FREETHREADING_CORE_DECL FREETHREADING_SYMBOL_EXPORT
#endif

#define FREETHREADING_LIKELY(x) __builtin_expect(!!(x), 1)
#define FREETHREADING_UNLIKELY(x) __builtin_expect(!!(x), 0)

#endif // FREETHREADING_CORE_CONFIG_HPP
