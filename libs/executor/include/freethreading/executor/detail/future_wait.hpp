//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_EXECUTOR_DETAIL_FUTURE_WAIT_HPP
#define FREETHREADING_EXECUTOR_DETAIL_FUTURE_WAIT_HPP

// The waits over several futures, on their states (compiled once, whatever
// the futures' result type): `wait`'s blocking part and `as_completed`'s
// mailbox. Both learn of completions through the states' done callbacks,
// which cannot be removed: a callback left on a state that is still pending
// when its wait returns holds only a weak reference, and is dropped when the
// state completes.

#include <freethreading/executor/detail/config.hpp>
#include <freethreading/executor/detail/future_state.hpp>
#include <freethreading/executor/return_when.hpp>

#include <freethreading/core/detail/deadline.hpp>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace freethreading::detail {

/** Blocks until `w` holds for `states` (distinct, non-null) or until
    `deadline`. `all_completed` waits on each state in turn (so a pool's
    worker waiting on its own pool's tasks runs queued tasks meanwhile); the
    other two sleep until a done callback says so. */
FREETHREADING_EXECUTOR_DECL void wait_states(std::span<future_state_base* const> states, return_when w,
                                             steady_time deadline);

/** True when `s` finished with an exception (not cancelled, not a value). */
FREETHREADING_EXECUTOR_DECL bool finished_with_exception(const future_state_base& s);

/** Where the done callbacks of the states given to `as_completed` post
    them, in completion order, and where the consumer takes them from.

    @par Thread Safety
    `watch` and `take` are called by the consumer, the callbacks post from
    any thread. A state's completion happens-before its `take`.
*/
class FREETHREADING_EXECUTOR_DECL completion_mailbox
{
public:
    /** A mailbox for at most `capacity` states: room for all of them is
        reserved here, so a done callback never allocates (and never fails). */
    explicit completion_mailbox(std::size_t capacity);

    completion_mailbox(const completion_mailbox&) = delete;
    completion_mailbox& operator=(const completion_mailbox&) = delete;

    /** Posts `s` to `box` when it is done: now, in the caller, if it is.
        @throws std::logic_error past the capacity. */
    static void watch(const std::shared_ptr<completion_mailbox>& box, future_state_base& s);

    /** The next completed state, waiting until `deadline`; null on timeout. */
    std::shared_ptr<future_state_base> take(steady_time deadline);

private:
    void post(std::shared_ptr<future_state_base> s) noexcept;

    std::mutex mutex_;
    std::condition_variable posted_;
    const std::size_t capacity_;
    std::vector<std::shared_ptr<future_state_base>> done_; // capacity_ reserved
    std::size_t next_ = 0;                                 // the next to take
    std::size_t watched_ = 0;                              // only the consumer's
};

} // namespace freethreading::detail

#endif // FREETHREADING_EXECUTOR_DETAIL_FUTURE_WAIT_HPP
