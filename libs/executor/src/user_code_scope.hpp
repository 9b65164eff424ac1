//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_SRC_USER_CODE_SCOPE_HPP
#define FREETHREADING_EXECUTOR_SRC_USER_CODE_SCOPE_HPP

// Lets an engine's own thread know when it runs user code (a future's
// callbacks, a posted handler), which may take any time: a process pool's
// completion thread must then not be counted on to look at the pool soon
// (process_engine_core.cpp, held-back wake-ups).

namespace freethreading::detail {

/** What a thread calls when it begins and ends running user code. */
struct user_code_observer
{
    void (*enter)(void* context) noexcept = nullptr;
    void (*leave)(void* context) noexcept = nullptr;
    void* context = nullptr;
};

/** Sets (or, with nullptr, clears) the calling thread's observer; it must
    outlive its setting. */
void set_user_code_observer(const user_code_observer* observer) noexcept;

/** Calls the thread's observer around user code; nested scopes call it
    once, for the outermost. */
class user_code_scope
{
public:
    user_code_scope() noexcept;
    ~user_code_scope();
    user_code_scope(const user_code_scope&) = delete;
    user_code_scope& operator=(const user_code_scope&) = delete;
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_SRC_USER_CODE_SCOPE_HPP
