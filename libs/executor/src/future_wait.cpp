//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/executor/detail/future_wait.hpp>

#include <stdexcept>
#include <utility>

namespace freethreading::detail {

namespace {

// What a `first_completed` / `first_exception` wait learns from the done
// callbacks of the states that were pending when it began.
struct state_watch
{
    std::mutex mutex;
    std::condition_variable satisfied_cv;
    std::size_t pending = 0; // watched states whose callback has not run
    bool satisfied = false;
};

template <class Pred>
bool wait_on(std::condition_variable& cv, std::unique_lock<std::mutex>& lock, steady_time deadline, Pred pred)
{
    if (deadline == steady_time::max()) {
        cv.wait(lock, pred);
        return true;
    }
    return cv.wait_until(lock, deadline, pred);
}

} // namespace

bool finished_with_exception(const future_state_base& s)
{
    return s.status() == task_status::finished && s.exception() != nullptr;
}

void wait_states(std::span<future_state_base* const> states, return_when w, steady_time deadline)
{
    if (w == return_when::all_completed) {
        for (future_state_base* s : states)
            if (!s->wait_until(deadline))
                return;
        return;
    }
    std::vector<future_state_base*> pending;
    for (future_state_base* s : states) {
        if (!s->done())
            pending.push_back(s);
        else if (w == return_when::first_completed || finished_with_exception(*s))
            return;
    }
    if (pending.empty()) // first_exception: all done, none failed
        return;

    const auto watch = std::make_shared<state_watch>();
    watch->pending = pending.size();
    // Each callback is taken back when the wait returns, so a loop of waits
    // on a long task does not pile callbacks on it. A weak reference: one
    // that has begun to run when the wait returns outlives it.
    std::vector<std::uint64_t> keys;
    keys.reserve(pending.size());
    for (future_state_base* s : pending) {
        keys.push_back(s->add_removable_done_callback([weak = std::weak_ptr<state_watch>(watch),
                                                       w](future_state_base& done) {
            const std::shared_ptr<state_watch> p = weak.lock();
            if (!p)
                return;
            const bool hit = w == return_when::first_completed || finished_with_exception(done);
            {
                std::lock_guard<std::mutex> guard(p->mutex);
                --p->pending;
                if (!hit && p->pending != 0)
                    return;
                p->satisfied = true;
            }
            p->satisfied_cv.notify_all();
        }));
    }
    {
        std::unique_lock<std::mutex> lock(watch->mutex);
        (void)wait_on(watch->satisfied_cv, lock, deadline, [&] { return watch->satisfied; });
    }
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (keys[i] != 0)
            (void)pending[i]->remove_done_callback(keys[i]);
}

completion_mailbox::completion_mailbox(std::size_t capacity) : capacity_(capacity)
{
    done_.reserve(capacity);
}

void completion_mailbox::watch(const std::shared_ptr<completion_mailbox>& box, future_state_base& s)
{
    if (box->watched_ == box->capacity_)
        throw std::logic_error("freethreading: as_completed: more futures than its mailbox has room for");
    ++box->watched_;
    s.add_done_callback([weak = std::weak_ptr<completion_mailbox>(box)](future_state_base& done) {
        if (const std::shared_ptr<completion_mailbox> p = weak.lock())
            p->post(done.shared_from_this());
    });
}

void completion_mailbox::post(std::shared_ptr<future_state_base> s) noexcept
{
    {
        std::lock_guard<std::mutex> guard(mutex_);
        // watch() lets no more callbacks in than there is room for, so this
        // never reallocates.
        done_.push_back(std::move(s));
    }
    posted_.notify_one();
}

std::shared_ptr<future_state_base> completion_mailbox::take(steady_time deadline)
{
    std::unique_lock<std::mutex> lock(mutex_);
    if (!wait_on(posted_, lock, deadline, [this] { return next_ < done_.size(); }))
        return nullptr;
    return std::move(done_[next_++]);
}

} // namespace freethreading::detail
