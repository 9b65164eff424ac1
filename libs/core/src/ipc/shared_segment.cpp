//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core/ipc/shared_segment.hpp>
#include <freethreading/core/errors.hpp>
#include <freethreading/core/ipc/fork_hooks.hpp>

#include <boost/interprocess/exceptions.hpp>
#include <boost/interprocess/indexes/iset_index.hpp>
#include <boost/interprocess/managed_external_buffer.hpp>
#include <boost/interprocess/mem_algo/rbtree_best_fit.hpp>
#include <boost/interprocess/sync/mutex_family.hpp>

#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>
#include <sys/mman.h>
#include <system_error>
#include <unistd.h>

namespace freethreading::detail {

namespace bip = boost::interprocess;

namespace {

// The typedef bip::managed_external_buffer uses null_mutex_family (no lock at
// all); spell the allocator with the process-shared, robust mutex_family.
using managed_buffer =
    bip::basic_managed_external_buffer<char, bip::rbtree_best_fit<bip::mutex_family>, bip::iset_index>;

constexpr std::size_t root_bytes = 4096;             // our fixed header; the allocator follows
constexpr std::size_t madvise_threshold = 64 * 1024; // give back the pages of blocks this large
constexpr std::uint64_t segment_magic = 0x66742d7365676d31; // "ft-segm1"

// The first page of the mapping: what every process needs before it can use
// the allocator, and the flag that poisons it.
struct segment_root
{
    std::uint64_t magic = segment_magic;
    std::atomic<std::uint32_t> poisoned{0};
    std::atomic<std::uint64_t> singletons[8] = {};
};
static_assert(sizeof(segment_root) <= root_bytes);

std::atomic<shared_segment*> the_segment{nullptr};

std::mutex& creation_mutex()
{
    static std::mutex& m = make_fork_guard(); // never destroyed: used during exit
    return m;
}

const bool hooks = register_fork_guard<creation_mutex>();

segment_root& root_of(char* base) noexcept
{
    return *reinterpret_cast<segment_root*>(base);
}

managed_buffer& manager_of(void* m) noexcept
{
    return *static_cast<managed_buffer*>(m);
}

std::string overcommit_mode()
{
    std::FILE* f = std::fopen("/proc/sys/vm/overcommit_memory", "r");
    int mode = -1;
    if (f != nullptr) {
        if (std::fscanf(f, "%d", &mode) != 1)
            mode = -1;
        std::fclose(f);
    }
    return mode < 0 ? "unknown" : std::to_string(mode);
}

[[noreturn]] void throw_poisoned()
{
    throw owner_died_error("segment allocator owner died: a process was killed inside the "
                           "shared-memory allocator, so the segment can no longer allocate "
                           "(objects already made keep working)");
}

} // namespace

shared_segment& shared_segment::instance()
{
    if (shared_segment* s = the_segment.load(std::memory_order_acquire); FREETHREADING_LIKELY(s != nullptr))
        return *s;
    (void)hooks;
    std::lock_guard<std::mutex> guard(creation_mutex());
    if (shared_segment* s = the_segment.load(std::memory_order_relaxed))
        return *s;

    const char* configured = std::getenv("FREETHREADING_SHM_SIZE");
    const std::size_t size = configured != nullptr ? parse_segment_size(configured) : default_segment_size();
    void* base = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        const int err = errno;
        throw std::system_error(err, std::system_category(),
                                "freethreading: cannot map " + std::to_string(size) +
                                    " bytes of shared memory (FREETHREADING_SHM_SIZE=" +
                                    (configured != nullptr ? configured : "unset") +
                                    ", vm.overcommit_memory=" + overcommit_mode() +
                                    "); set FREETHREADING_SHM_SIZE to a smaller size");
    }
    char* b = static_cast<char*>(base);
    ::new (b) segment_root();
    // The process-local Boost handle and our descriptor are never destroyed:
    // daemon threads may still use the segment while the program exits.
    auto* manager = new managed_buffer(bip::create_only, b + root_bytes, size - root_bytes);
    auto* s = new shared_segment(b, size);
    s->manager_ = manager;
    the_segment.store(s, std::memory_order_release);
    return *s;
}

shared_segment* shared_segment::existing() noexcept
{
    return the_segment.load(std::memory_order_acquire);
}

shared_segment::shared_segment(char* base, std::size_t size) : base_(base), size_(size), manager_(nullptr)
{
}

void* shared_segment::allocate(std::size_t bytes, std::size_t alignment)
{
    if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        throw std::invalid_argument("freethreading: allocation alignment " + std::to_string(alignment) +
                                    " is not a power of two");
    if (root_of(base_).poisoned.load(std::memory_order_acquire) != 0)
        throw_poisoned();
    auto* sm = manager_of(manager_).get_segment_manager();
    void* p = nullptr;
    try {
        p = alignment <= alignof(std::max_align_t) ? sm->allocate(bytes, std::nothrow)
                                                   : sm->allocate_aligned(bytes, alignment, std::nothrow);
    } catch (const bip::interprocess_exception&) {
        // Boost's robust mutex reports a dead owner by making the lock
        // unrecoverable; from now on every allocation would fail the same way.
        root_of(base_).poisoned.store(1, std::memory_order_release);
        throw_poisoned();
    }
    if (p == nullptr)
        throw segment_exhausted_error(bytes, free_memory());
    return p;
}

void shared_segment::deallocate(void* p, std::size_t bytes) noexcept
{
    if (p == nullptr || root_of(base_).poisoned.load(std::memory_order_acquire) != 0)
        return; // a poisoned allocator cannot take blocks back: leak them
    auto* sm = manager_of(manager_).get_segment_manager();
    try {
        // Before the block is freed, nobody else can be using it: return the
        // whole pages inside it to the system (deallocate alone keeps them).
        if (bytes >= madvise_threshold) {
            const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
            const auto first = (reinterpret_cast<std::uintptr_t>(p) + page - 1) & ~(page - 1);
            const auto last = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(page - 1);
            if (last > first)
                ::madvise(reinterpret_cast<void*>(first), last - first, MADV_REMOVE);
        }
        sm->deallocate(p);
    } catch (const bip::interprocess_exception&) {
        root_of(base_).poisoned.store(1, std::memory_order_release);
    }
}

void* shared_segment::address_of(std::uint64_t offset) const
{
    if (offset < root_bytes || offset >= size_)
        throw std::out_of_range("freethreading: offset " + std::to_string(offset) +
                                " is outside the shared-memory segment");
    return base_ + offset;
}

std::size_t shared_segment::free_memory() const noexcept
{
    return manager_of(manager_).get_free_memory();
}

bool shared_segment::poisoned() const noexcept
{
    return root_of(base_).poisoned.load(std::memory_order_acquire) != 0;
}

std::atomic<std::uint64_t>& shared_segment::singleton_slot(segment_singleton id) noexcept
{
    return root_of(base_).singletons[static_cast<unsigned>(id)];
}

} // namespace freethreading::detail
