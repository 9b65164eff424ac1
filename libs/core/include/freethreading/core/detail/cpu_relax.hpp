//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_CPU_RELAX_HPP
#define FREETHREADING_CORE_DETAIL_CPU_RELAX_HPP

namespace freethreading::detail {

/** One step of a bounded spin: tells the CPU that this is a wait loop (it
    saves power and frees the core's resources for a sibling hyperthread). */
inline void cpu_relax() noexcept
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_CPU_RELAX_HPP
