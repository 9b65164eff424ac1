//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_STATE_HANDLE_HPP
#define FREETHREADING_CORE_DETAIL_STATE_HANDLE_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/detail/domain.hpp>

#include <freethreading/core/backend.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>
#include <freethreading/core/ipc/handle_table.hpp>
#include <freethreading/core/ipc/shared_segment.hpp>

#include <concepts>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <utility>

namespace freethreading::detail {

/** Tag of the constructors that adopt a decoded state (the codec's). */
struct adopt_state_t
{
    explicit adopt_state_t() = default;
};
inline constexpr adopt_state_t adopt_state{};

/** Refuses, in debug builds, a `threading::` object used in a forked child:
    its state is the child's private copy, not the parent's (DESIGN §5). */
FREETHREADING_CORE_DECL void throw_used_across_fork();

// GCC 12 at -O2 reports a handle's pointers as "maybe uninitialized" when
// the handle sits in a std::optional (GCC bug 105562 and relatives); the
// members are always initialized, so the warning is silenced for these classes.
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

/** A counted reference to a primitive's state (DESIGN §3 "Handles").

    `State` derives from `shared_object_header`. In process the state is on the
    heap and the header's count counts handles; in shared memory it is in the
    segment and counted per process through the handle table; `runtime`
    chooses one of the two when the state is made. Every handle caches the
    state's absolute address, so access costs one load in every domain.
*/
template <class State, class Domain>
class state_handle
{
    static constexpr bool may_share = !std::same_as<Domain, in_process>;
    static constexpr bool may_be_local = !std::same_as<Domain, shared_memory>;

public:
    template <class... Args>
    explicit state_handle(std::in_place_t, Args&&... args)
    {
        if (choose_shared()) {
            shared_segment& segment = shared_segment::instance();
            State* s = segment.construct<State>(std::forward<Args>(args)...);
            s->destroy = &destroy_shared;
            try {
                ref_ = handle_table::adopt_new(s);
            } catch (...) {
                segment.destroy(s);
                throw;
            }
            state_ = s;
            shared_ = true;
        } else {
            state_ = new State(std::forward<Args>(args)...);
            state_->destroy = &destroy_local;
#ifndef NDEBUG
            generation_ = fork_generation();
#endif
        }
    }

    /** Adopts an encoded reference (DESIGN §3: decoding transfers it). */
    static state_handle decode(std::uint64_t encoded) requires may_share
    {
        process_reference* r = handle_table::decode_reference(encoded);
        return state_handle(static_cast<State*>(r->object), r);
    }

    state_handle(const state_handle& o) noexcept : state_(o.state_), ref_(o.ref_), shared_(o.shared_)
#ifndef NDEBUG
        , generation_(o.generation_)
#endif
    {
        if (ref_ != nullptr)
            handle_table::add_local(ref_);
        else if (state_ != nullptr)
            state_->references.fetch_add(1, std::memory_order_relaxed);
    }

    state_handle(state_handle&& o) noexcept
        : state_(std::exchange(o.state_, nullptr)), ref_(std::exchange(o.ref_, nullptr)), shared_(o.shared_)
#ifndef NDEBUG
        , generation_(o.generation_)
#endif
    {
    }

    state_handle& operator=(state_handle o) noexcept
    {
        swap(o);
        return *this;
    }

    ~state_handle() { release(); }

    void swap(state_handle& o) noexcept
    {
        std::swap(state_, o.state_);
        std::swap(ref_, o.ref_);
        std::swap(shared_, o.shared_);
#ifndef NDEBUG
        std::swap(generation_, o.generation_);
#endif
    }

    /** The state; in debug builds, refuses an in-process state in a forked child. */
    State* get() const
    {
#ifndef NDEBUG
        if (!shared_ && generation_ != fork_generation()) [[unlikely]]
            throw_used_across_fork();
#endif
        return state_;
    }

    /** True when the state is in the shared segment (futexes must be shared). */
    bool is_shared() const noexcept
    {
        if constexpr (std::same_as<Domain, in_process>)
            return false;
        else if constexpr (std::same_as<Domain, shared_memory>)
            return true;
        else
            return shared_;
    }

    /** Takes a shared reference for a record or task. */
    std::uint64_t encode() const noexcept requires may_share { return handle_table::encode_reference(state_); }

    friend bool operator==(const state_handle& a, const state_handle& b) noexcept { return a.state_ == b.state_; }

private:
    state_handle(State* s, process_reference* r) noexcept : state_(s), ref_(r), shared_(true) {}

    static bool choose_shared()
    {
        if constexpr (std::same_as<Domain, runtime>)
            return get_backend() == backend::multiprocessing;
        else
            return std::same_as<Domain, shared_memory>;
    }

    void release() noexcept
    {
        if (ref_ != nullptr)
            handle_table::release_local(ref_);
        else if (state_ != nullptr && state_->references.fetch_sub(1, std::memory_order_acq_rel) == 1)
            state_->destroy(state_);
    }

    static void destroy_local(shared_object_header* h) noexcept { delete static_cast<State*>(h); }
    static void destroy_shared(shared_object_header* h) noexcept
    {
        shared_segment::instance().destroy(static_cast<State*>(h));
    }

    State* state_ = nullptr;
    process_reference* ref_ = nullptr;
    bool shared_ = false;
#ifndef NDEBUG
    std::uint32_t generation_ = 0;
#endif
};

#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic pop
#endif

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_STATE_HANDLE_HPP
