//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// robust_word when owner threads end: a thread that exits holding the lock
// (whether a waiter is asleep or its slot is already reused), the order of
// the slot's release against thread_local destructors, threads that use
// glibc's robust mutexes next to ours (up to a SIGKILL holding both), and the
// liveness table's recycling of slots and its limit.

#include "robust_word_scene.hpp"

#include <freethreading/core/ipc/robust_word.hpp>

#include <freethreading_test/child_process.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

namespace ftd = freethreading::detail;
using namespace freethreading_test;
using ftd::acquire_result;
using namespace std::chrono_literals;

namespace {

void make_robust_shared(::pthread_mutex_t& m)
{
    ::pthread_mutexattr_t attr;
    ::pthread_mutexattr_init(&attr);
    ::pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    ::pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    ::pthread_mutex_init(&m, &attr);
    ::pthread_mutexattr_destroy(&attr);
}

// Unlocks, in its destructor, a lock its thread took after it was made.
struct unlock_at_thread_exit
{
    ftd::robust_word* lock = nullptr;
    ~unlock_at_thread_exit()
    {
        if (lock != nullptr)
            lock->unlock();
    }
};

thread_local unlock_at_thread_exit exit_unlocker;

} // namespace

BOOST_AUTO_TEST_CASE(a_thread_that_exits_holding_the_lock_is_detected)
{
    scene& s = make_scene();
    std::thread([&s] { s.lock.lock(); }).join();
    BOOST_TEST((s.lock.lock() == acquire_result::owner_died));
    s.lock.unlock();

    // Again with the slot already taken by another thread when we look.
    std::thread([&s] { s.lock.lock(); }).join();
    std::atomic<int> stop{0};
    std::thread recycler([&stop] {
        ftd::robust_word::caller_id();
        while (stop.load() == 0)
            std::this_thread::sleep_for(1ms);
    });
    std::this_thread::sleep_for(10ms);
    BOOST_TEST((s.lock.lock() == acquire_result::owner_died));
    s.lock.unlock();
    stop = 1;
    recycler.join();

    // And with the waiter already blocked when the thread exits.
    std::thread holder([&s] {
        s.lock.lock();
        s.holding = 1;
        wait_for_sleepers(s);
        s.death_ns = now_ns();
    });
    wait_for(s.holding, 1);
    record(s, s.lock.try_lock_until(steady::now() + 10s));
    holder.join();
    BOOST_TEST(s.died.load() == 1);
    BOOST_TEST_MESSAGE("blocked waiter, owner thread exit: owner_died after "
                       << detection_latency(s).count() << " ms");
    BOOST_TEST((detection_latency(s) < 1s));
    s.lock.unlock();
}

BOOST_AUTO_TEST_CASE(thread_local_destructors_unlock_before_the_slot_is_released)
{
    // The thread's liveness slot is released after its thread_local
    // destructors: an unlock in one of them is an ordinary unlock, not a
    // death followed by a stray unlock of the next owner's lock.
    scene& s = make_scene();
    std::thread holder([&s] {
        exit_unlocker.lock = nullptr; // made before the thread's first lock
        s.lock.lock();
        exit_unlocker.lock = &s.lock;
        s.holding = 1;
        wait_for_sleepers(s);
    });
    wait_for(s.holding, 1);
    BOOST_TEST((s.lock.try_lock_until(steady::now() + 10s) == acquire_result::acquired));
    holder.join();
    BOOST_TEST(s.lock.held_by_caller());
    s.lock.unlock();
}

BOOST_AUTO_TEST_CASE(glibc_robust_mutexes_and_ours_work_side_by_side)
{
    scene& s = make_scene();
    make_robust_shared(s.glibc_mutex);
    // Nested and overlapping, releases in both orders, in two processes at
    // once, so glibc's robust list and our liveness entry on it are
    // exercised together. The glibc mutex is always taken first: the other
    // order in the other process would be a lock-order inversion.
    const auto interleave = [&s] {
        for (int i = 0; i < 20'000; ++i) {
            bool ok = ::pthread_mutex_lock(&s.glibc_mutex) == 0;
            ok &= s.lock.lock() == acquire_result::acquired;
            ++s.counter;
            if (i % 2 == 0) {
                ok &= ::pthread_mutex_unlock(&s.glibc_mutex) == 0;
                s.lock.unlock();
            } else {
                s.lock.unlock();
                ok &= ::pthread_mutex_unlock(&s.glibc_mutex) == 0;
            }
            if (!ok)
                return false;
        }
        return true;
    };
    const pid_t peer = start_child(interleave);
    BOOST_TEST(interleave());
    BOOST_TEST(wait_child(peer).exited_with(0));
    BOOST_TEST(s.counter == 40'000u);

    // A child that holds both (taken in either order) is killed: each
    // reports its owner's death.
    for (bool ours_first : {false, true}) {
        s.holding = 0;
        const pid_t victim = start_child([&s, ours_first] {
            if (ours_first)
                s.lock.lock();
            ::pthread_mutex_lock(&s.glibc_mutex);
            if (!ours_first)
                s.lock.lock();
            s.holding = 1;
            for (;;)
                ::pause();
            return true;
        });
        wait_for(s.holding, 1);
        ::kill(victim, SIGKILL);
        BOOST_TEST(wait_child(victim).signal == SIGKILL);
        BOOST_TEST(::pthread_mutex_lock(&s.glibc_mutex) == EOWNERDEAD);
        BOOST_TEST(::pthread_mutex_consistent(&s.glibc_mutex) == 0);
        BOOST_TEST(::pthread_mutex_unlock(&s.glibc_mutex) == 0);
        BOOST_TEST((s.lock.try_lock_until(steady::now() + 1s) == acquire_result::owner_died));
        s.lock.unlock();
        BOOST_TEST(::pthread_mutex_lock(&s.glibc_mutex) == 0);
        BOOST_TEST((s.lock.lock() == acquire_result::acquired));
        s.lock.unlock();
        BOOST_TEST(::pthread_mutex_unlock(&s.glibc_mutex) == 0);
    }
    BOOST_TEST(count_children() == 0);
}

BOOST_AUTO_TEST_CASE(short_lived_threads_recycle_liveness_slots)
{
    auto& s = make_scene();
    for (int t = 0; t < 2000; ++t)
        std::thread([&s] {
            if (s.lock.lock() == acquire_result::acquired)
                ++s.counter;
            s.lock.unlock();
        }).join();
    BOOST_TEST(s.counter == 2000u);
}

BOOST_AUTO_TEST_CASE(more_threads_than_slots_get_a_clear_error)
{
    constexpr int extra = 4;
    constexpr int threads = int(ftd::liveness_table::capacity) + extra;
    struct shared_state
    {
        std::atomic<int> claimed{0}, refused{0}, finished{0}, release{0};
    } state;
    const auto body = [](void* arg) -> void* {
        auto& st = *static_cast<shared_state*>(arg);
        try {
            ftd::robust_word::caller_id();
            st.claimed.fetch_add(1);
        } catch (const std::system_error& e) {
            if (std::string(e.what()).find("liveness table is full") != std::string::npos)
                st.refused.fetch_add(1);
        }
        st.finished.fetch_add(1);
        while (st.release.load() == 0)
            st.release.wait(0);
        return nullptr;
    };
    pthread_attr_t attr;
    ::pthread_attr_init(&attr);
    ::pthread_attr_setstacksize(&attr, 256 * 1024); // 1 028 threads: keep stacks small
    std::vector<pthread_t> ids;
    for (int t = 0; t < threads; ++t) {
        pthread_t id;
        if (::pthread_create(&id, &attr, body, &state) != 0)
            break;
        ids.push_back(id);
    }
    ::pthread_attr_destroy(&attr);
    BOOST_TEST(ids.size() == std::size_t(threads));
    while (state.finished.load() < int(ids.size()))
        std::this_thread::sleep_for(1ms);
    BOOST_TEST(state.claimed.load() <= int(ftd::liveness_table::capacity));
    BOOST_TEST(state.refused.load() >= extra);
    BOOST_TEST(state.claimed.load() + state.refused.load() == int(ids.size()));
    state.release = 1;
    state.release.notify_all();
    for (pthread_t id : ids)
        ::pthread_join(id, nullptr);

    // Their exits gave the slots back.
    auto& w = make_scene().lock;
    std::thread([&w] {
        BOOST_TEST((w.lock() == acquire_result::acquired));
        w.unlock();
    }).join();
}
