//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The thread engine's queue and worker loop: an intrusive list under one
// mutex; a task wakes one sleeping worker, and only when one sleeps.

#include "thread_engine_slot.hpp"

#include <freethreading/core/errors.hpp>

#include <stdexcept>
#include <utility>

namespace freethreading::detail {

namespace {

// The engine and slot the calling thread works for (null elsewhere): how a
// wait knows it runs in a worker of the task's own engine.
thread_local thread_engine_core* current_engine = nullptr;
thread_local void* current_slot = nullptr;

} // namespace

void thread_engine_core::enqueue(std::shared_ptr<future_state_base> state, thread_task_node& node)
{
    worker_slot* wake = nullptr;
    std::string broken;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (closed_)
            throw std::logic_error("freethreading: a task was submitted to a pool or executor after close(), "
                                   "shutdown() or terminate()");
        if (broken_.empty())
            wake = link_locked(std::move(state), node);
        else
            broken = broken_;
    }
    if (wake != nullptr)
        wake->wake.notify_one();
    else if (!broken.empty())
        (void)state->set_exception(std::make_exception_ptr(broken_pool_error(broken)));
}

bool thread_engine_core::post(std::shared_ptr<future_state_base> state, thread_task_node& node)
{
    worker_slot* wake = nullptr;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (terminated_ || !broken_.empty() || (closed_ && current_engine != this))
            return false;
        wake = link_locked(std::move(state), node);
    }
    if (wake != nullptr)
        wake->wake.notify_one();
    return true;
}

bool thread_engine_core::in_worker() const noexcept
{
    return current_engine == this;
}

thread_engine_core::worker_slot* thread_engine_core::link_locked(std::shared_ptr<future_state_base> state,
                                                                 thread_task_node& node) noexcept
{
    node.queue_ref_ = std::move(state);
    if (tail_ != nullptr)
        tail_->next_ = &node;
    else
        head_ = &node;
    tail_ = &node;
    if (sleepers_.empty())
        return nullptr;
    worker_slot* wake = sleepers_.back(); // the last to sleep: its cache is the warmest
    sleepers_.pop_back();
    wake->asleep = false;
    return wake;
}

thread_task_node* thread_engine_core::pop_locked(worker_slot& s, std::unique_lock<std::mutex>& lock)
{
    for (;;) {
        if (terminated_ || !broken_.empty())
            return nullptr;
        if (thread_task_node* node = head_; node != nullptr) {
            head_ = node->next_;
            if (head_ == nullptr)
                tail_ = nullptr;
            node->next_ = nullptr;
            return node;
        }
        if (closed_)
            return nullptr;
        s.asleep = true;
        sleepers_.push_back(&s);
        s.wake.wait(lock, [&s] { return !s.asleep; });
    }
}

void thread_engine_core::wake_all_locked() noexcept
{
    for (worker_slot* s : sleepers_) {
        s->asleep = false;
        s->wake.notify_one();
    }
    sleepers_.clear();
}

void thread_engine_core::run_node(worker_slot& s, thread_task_node& node,
                                  std::shared_ptr<future_state_base>& ref) noexcept
{
    if (options_.task_timeout.count() == 0) {
        if (node.run())
            ++s.tasks_run;
        return;
    }
    // A nested task (run while its worker waits) puts the outer one's
    // deadline back afterwards.
    timed_task outer;
    {
        std::lock_guard<std::mutex> guard(timer_mutex_);
        outer = std::exchange(s.timed, timed_task{ref, &node, deadline_after(options_.task_timeout), false});
        if (s.timed.deadline < timer_wakes_at_)
            timer_cv_.notify_one();
    }
    if (node.run())
        ++s.tasks_run;
    timed_task done;
    {
        std::lock_guard<std::mutex> guard(timer_mutex_);
        done = std::exchange(s.timed, std::move(outer));
        if (s.timed.state && !s.timed.fired && s.timed.deadline < timer_wakes_at_)
            timer_cv_.notify_one();
    }
}

void thread_engine_core::worker_main(worker_slot& s, std::shared_ptr<worker_core> predecessor) noexcept
{
    current_engine = this;
    current_slot = &s;
    s.tasks_run = 0;
    if (predecessor) {
        // The thread this one replaces has handed over and is ending.
        try {
            (void)predecessor->join_until(steady_time::max());
        } catch (...) {
        }
        predecessor.reset();
    }
    std::shared_ptr<future_state_base> ref;      // the task being run
    std::shared_ptr<future_state_base> previous; // the one before, released unlocked
    bool working = run_initializer(s);
    while (working) {
        thread_task_node* node;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            s.current = nullptr;
            node = pop_locked(s, lock);
            if (node != nullptr) {
                s.current = node;
                ref = std::move(node->queue_ref_);
            }
        }
        previous.reset(); // may run user destructors: never under the lock
        if (node == nullptr)
            break;
        run_node(s, *node, ref);
        previous = std::move(ref);
        if (options_.max_tasks_per_child != 0 && s.tasks_run >= options_.max_tasks_per_child) {
            if (replace_worker(s))
                break;
            s.tasks_run = 0; // no replacement could be made: this thread carries on
        }
    }
    // s.current is null here: cleared by the loop, or by replace_worker
    // (and the slot may be its replacement's already).
    previous.reset();
    current_engine = nullptr;
    current_slot = nullptr;
}

bool thread_engine_core::help(const thread_engine_core* owner)
{
    if (owner == nullptr || current_engine != owner)
        return false;
    return current_engine->run_one_nested(*static_cast<worker_slot*>(current_slot));
}

bool thread_engine_core::run_one_nested(worker_slot& s)
{
    thread_task_node* outer;
    thread_task_node* node;
    std::shared_ptr<future_state_base> ref;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        if (terminated_ || !broken_.empty() || head_ == nullptr)
            return false;
        node = head_;
        head_ = node->next_;
        if (head_ == nullptr)
            tail_ = nullptr;
        node->next_ = nullptr;
        outer = std::exchange(s.current, node);
        ref = std::move(node->queue_ref_);
    }
    run_node(s, *node, ref);
    bool stop_outer;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        s.current = outer;
        stop_outer = terminated_; // terminate() saw only the nested task
    }
    if (stop_outer && outer != nullptr)
        outer->stop();
    return true;
}

void thread_engine_core::close() noexcept
{
    std::lock_guard<std::mutex> guard(mutex_);
    closed_ = true;
    wake_all_locked();
}

void thread_engine_core::terminate()
{
    std::vector<std::shared_ptr<future_state_base>> dropped;
    std::vector<std::pair<std::shared_ptr<future_state_base>, thread_task_node*>> running;
    {
        std::lock_guard<std::mutex> guard(mutex_);
        closed_ = true;
        terminated_ = true;
        for (thread_task_node* node = std::exchange(head_, nullptr); node != nullptr;) {
            dropped.push_back(std::move(node->queue_ref_));
            node = std::exchange(node->next_, nullptr);
        }
        tail_ = nullptr;
        for (const auto& s : slots_)
            if (s->current != nullptr) // its worker holds a reference meanwhile
                running.emplace_back(s->current->state_.shared_from_this(), s->current);
        wake_all_locked();
    }
    // Unlocked: a stop request runs the tasks' std::stop_callbacks, and the
    // last reference of a task destroys its callable.
    for (auto& state : dropped)
        (void)state->drop();
    for (auto& [state, node] : running)
        node->stop();
}

} // namespace freethreading::detail
