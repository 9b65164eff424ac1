//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The handlers of a process pool's Asio executor (DESIGN §7): they run on
// the pool's completion thread, in the order they were given, between its
// rounds; the thread runs the ones still queued before it ends, and refuses
// later ones.

#include "process_engine_state.hpp"
#include "user_code_scope.hpp"

#include <utility>

namespace freethreading::detail {

namespace {

// The engine whose completion thread the calling thread is (null elsewhere).
thread_local const process_engine_state* completion_of = nullptr;

} // namespace

bool process_engine_state::post(std::unique_ptr<handler_node> h)
{
    {
        std::lock_guard<std::mutex> guard(posted_mutex_);
        if (posts_closed_)
            return false;
        posted_.push_back(std::move(h));
    }
    wake_completion();
    return true;
}

bool process_engine_state::in_completion_thread() const noexcept
{
    return completion_of == this;
}

void process_engine_state::enter_completion_thread() noexcept
{
    completion_of = this;
    set_user_code_observer(&user_code_observer_);
}

bool process_engine_state::run_posted() noexcept
{
    {
        std::lock_guard<std::mutex> guard(posted_mutex_);
        if (posted_.empty())
            return false;
        running_posted_.swap(posted_);
    }
    const user_code_scope user;
    for (std::unique_ptr<handler_node>& h : running_posted_) {
        h->run();
        h.reset(); // a handler's state goes with its call, as with Asio's own contexts
    }
    running_posted_.clear();
    return true;
}

void process_engine_state::end_posted() noexcept
{
    for (;;) {
        {
            std::lock_guard<std::mutex> guard(posted_mutex_);
            if (posted_.empty()) {
                posts_closed_ = true;
                break;
            }
        }
        (void)run_posted();
    }
    completion_of = nullptr;
    set_user_code_observer(nullptr);
}

} // namespace freethreading::detail
