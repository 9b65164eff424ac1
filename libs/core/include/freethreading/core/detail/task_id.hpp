//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_DETAIL_TASK_ID_HPP
#define FREETHREADING_CORE_DETAIL_TASK_ID_HPP

#include <freethreading/core/config.hpp>
#include <freethreading/core/errors.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

namespace freethreading::detail {

/** Where the code a task id names lives. */
enum class task_object : std::uint8_t
{
    main_program = 1,  ///< the executable the process was started from
    shared_object = 2, ///< a loaded shared library, found by its build id
};

/** A function of the program named so that another process can find it
    (DESIGN §8): the loaded object it lives in ("main program" or a shared
    object), that object's GNU build id, and the function's offset from the
    object's load address.

    It holds in processes that were not forked from the one that made it
    (other address-space layouts, other hosts running the same build): a
    process resolves it by finding the loaded object with that build id.
    `origin_address` is the function's address in the process that made the
    id; a process forked from that one may call it directly only when it
    knows it shares that process's image (the object was loaded before the
    fork and is still loaded), as a fast path.

    A trivially copyable value: it may be stored in shared memory and sent
    as bytes. Two ids are equal when they name the same function of the same
    build, whatever `origin_address` says.
*/
struct task_id
{
    /// The longest build id a task id holds (GNU ld's are 16 or 20 bytes).
    static constexpr std::size_t max_build_id_size = 32;

    std::uint64_t offset = 0;         ///< from the object's load address
    std::uint64_t origin_address = 0; ///< in the process that made the id
    task_object object{};
    std::uint8_t build_id_size = 0;
    std::array<std::uint8_t, max_build_id_size> build_id{};

    friend bool operator==(const task_id& a, const task_id& b) noexcept
    {
        return a.object == b.object && a.offset == b.offset && a.build_id_size == b.build_id_size &&
               a.build_id == b.build_id;
    }
};

static_assert(std::is_trivially_copyable_v<task_id> && std::is_standard_layout_v<task_id>);

/** A task id that cannot be made or resolved: what was wrong is in
    `reason()` and, with the object and build id concerned, in `what()`. A
    task id is never resolved to an address it was not checked against. */
class FREETHREADING_CORE_DECL task_id_error : public error
{
public:
    enum class reason_type : std::uint8_t
    {
        not_code = 1,      ///< the address is not in the code of any loaded object
        no_build_id,       ///< its object carries no GNU build id (link with --build-id)
        build_id_too_long, ///< its object's build id is longer than a task id holds
        malformed,         ///< the bytes are not a task id (unknown object kind, bad size)
        other_build,       ///< no loaded object has the build id (another build, or not loaded here)
        outside_object,    ///< the offset is not inside the object's executable segments
    };

    task_id_error(reason_type reason, const std::string& what);

    reason_type reason() const noexcept { return reason_; }

private:
    reason_type reason_;
};

/** The task id of the function at `address` in this process.

    Uses `dl_iterate_phdr` (once per function: `task_id_of` caches it),
    which gives the program headers that both the build id and the segment
    check need.

    @throws task_id_error (`not_code`, `no_build_id`, `build_id_too_long`).
*/
FREETHREADING_CORE_DECL task_id make_task_id(std::uintptr_t address);

/** The task id of `F`, made on the first call and cached. */
template <auto F>
    requires std::is_pointer_v<decltype(F)> && std::is_function_v<std::remove_pointer_t<decltype(F)>>
const task_id& task_id_of()
{
    static const task_id id = make_task_id(reinterpret_cast<std::uintptr_t>(F));
    return id;
}

/** The address, in this process, of the function `id` names.

    Finds the loaded object with the id's build id (for `main_program`, the
    executable, whose build id must match) and checks that the offset lies
    inside one of its executable `PT_LOAD` segments.

    @throws task_id_error (`malformed`, `other_build`, `outside_object`)
    naming the object and build id concerned.
*/
FREETHREADING_CORE_DECL std::uintptr_t resolve_task_id(const task_id& id);

/** `resolve_task_id` as a pointer to a function of type `Fn`. The caller
    vouches that `id` was made from a function of that type. */
template <class Fn>
    requires std::is_function_v<Fn>
Fn* resolve_task_id_as(const task_id& id)
{
    return reinterpret_cast<Fn*>(resolve_task_id(id));
}

/** "main program+0x1139 (build id 5e2f…)" or "shared object+0x… (build id …)". */
FREETHREADING_CORE_DECL std::string to_string(const task_id& id);

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_DETAIL_TASK_ID_HPP
