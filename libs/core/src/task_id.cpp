//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Task ids (DESIGN §8): a function named by its loaded object's GNU build id
// and its offset, found and checked through dl_iterate_phdr. The callbacks
// run under the loader's lock, so they only copy what they found out; the
// errors are thrown afterwards.

#include <freethreading/core/detail/task_id.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <elf.h>
#include <link.h>

namespace freethreading::detail {

namespace {

// The GNU build id of one loaded object, read from its PT_NOTE segments.
// Empty (size 0) when it has none; `size` above the capacity when it is
// longer than a task id holds.
struct build_id_view
{
    const std::uint8_t* bytes = nullptr;
    std::size_t size = 0;
};

constexpr std::size_t note_align(std::size_t n, std::size_t align) noexcept
{
    return (n + align - 1) & ~(align - 1);
}

build_id_view read_build_id(const dl_phdr_info& info) noexcept
{
    for (ElfW(Half) i = 0; i < info.dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info.dlpi_phdr[i];
        if (ph.p_type != PT_NOTE)
            continue;
        // Notes are padded to 4 bytes, or to 8 in a segment aligned to 8.
        const std::size_t align = ph.p_align == 8 ? 8 : 4;
        const auto* p = reinterpret_cast<const std::uint8_t*>(info.dlpi_addr + ph.p_vaddr);
        std::size_t left = ph.p_memsz;
        while (left >= sizeof(ElfW(Nhdr))) {
            ElfW(Nhdr) note;
            std::memcpy(&note, p, sizeof note);
            const std::size_t name_at = sizeof note;
            const std::size_t desc_at = name_at + note_align(note.n_namesz, align);
            const std::size_t next = desc_at + note_align(note.n_descsz, align);
            if (next > left || next < desc_at)
                break; // malformed: stop reading this segment
            if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
                std::memcmp(p + name_at, "GNU", 4) == 0)
                return {p + desc_at, note.n_descsz};
            p += next;
            left -= next;
        }
    }
    return {};
}

// True if [offset, offset + 1) lies in an executable PT_LOAD segment.
bool in_executable_segment(const dl_phdr_info& info, std::uint64_t offset) noexcept
{
    for (ElfW(Half) i = 0; i < info.dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info.dlpi_phdr[i];
        if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X) != 0 && offset >= ph.p_vaddr &&
            offset - ph.p_vaddr < ph.p_memsz)
            return true;
    }
    return false;
}

std::string hex(const std::uint8_t* bytes, std::size_t size)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xf];
    }
    return out;
}

std::string hex_number(std::uint64_t v)
{
    char buffer[2 + 16 + 1];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(v));
    return buffer;
}

std::string object_name(const char* name, bool main_program)
{
    if (main_program)
        return "the main program";
    return name != nullptr && *name != '\0' ? std::string(name) : std::string("an unnamed object");
}

// make_task_id's search: the object whose executable segment holds `address`.
struct finding
{
    std::uintptr_t address = 0;
    std::size_t visited = 0;
    bool found = false;
    bool main_program = false;
    std::string name;
    std::uint64_t offset = 0;
    build_id_view build_id;
    std::array<std::uint8_t, task_id::max_build_id_size> copied{};
};

int find_address(dl_phdr_info* info, std::size_t, void* data) noexcept
{
    auto& f = *static_cast<finding*>(data);
    const bool is_main = f.visited++ == 0; // the first object visited (dl_iterate_phdr(3))
    if (f.address < info->dlpi_addr || !in_executable_segment(*info, f.address - info->dlpi_addr))
        return 0;
    f.found = true;
    f.main_program = is_main;
    f.offset = f.address - info->dlpi_addr;
    f.build_id = read_build_id(*info);
    if (f.build_id.size <= f.copied.size())
        std::copy_n(f.build_id.bytes, f.build_id.size, f.copied.begin());
    try {
        f.name = object_name(info->dlpi_name, is_main);
    } catch (...) {
    }
    return 1;
}

// resolve_task_id's search: the object the id names. The main program is
// only ever the first object visited; a shared object is any other.
struct lookup
{
    const task_id* id = nullptr;
    std::size_t visited = 0;
    bool object_found = false;
    bool inside = false;
    std::uintptr_t address = 0;
    std::string name;
    std::string main_build_id; // the main program's, for the message when it differs
};

int find_object(dl_phdr_info* info, std::size_t, void* data) noexcept
{
    auto& l = *static_cast<lookup*>(data);
    const task_id& id = *l.id;
    const bool is_main = l.visited++ == 0;
    if ((id.object == task_object::main_program) != is_main)
        return 0;
    const build_id_view b = read_build_id(*info);
    if (b.size != id.build_id_size || std::memcmp(b.bytes, id.build_id.data(), b.size) != 0) {
        if (!is_main)
            return 0;
        try {
            l.main_build_id = b.size == 0 ? std::string("none") : hex(b.bytes, b.size);
        } catch (...) {
        }
        return 1;
    }
    l.object_found = true;
    l.inside = in_executable_segment(*info, id.offset);
    l.address = info->dlpi_addr + id.offset;
    try {
        l.name = object_name(info->dlpi_name, is_main);
    } catch (...) {
    }
    return 1;
}

} // namespace

task_id_error::task_id_error(reason_type reason, const std::string& what) : error(what), reason_(reason)
{
}

task_id make_task_id(std::uintptr_t address)
{
    finding f;
    f.address = address;
    ::dl_iterate_phdr(&find_address, &f);
    if (!f.found)
        throw task_id_error(task_id_error::reason_type::not_code,
                            "freethreading: no task id for " + hex_number(address) +
                                ": the address is not in the code of any loaded object");
    if (f.build_id.size == 0)
        throw task_id_error(task_id_error::reason_type::no_build_id,
                            "freethreading: no task id for a function of " + f.name +
                                ": it carries no GNU build id (link it with -Wl,--build-id)");
    if (f.build_id.size > task_id::max_build_id_size)
        throw task_id_error(task_id_error::reason_type::build_id_too_long,
                            "freethreading: no task id for a function of " + f.name + ": its build id has " +
                                std::to_string(f.build_id.size) + " bytes, more than the " +
                                std::to_string(task_id::max_build_id_size) + " a task id holds");
    task_id id;
    id.offset = f.offset;
    id.origin_address = address;
    id.object = f.main_program ? task_object::main_program : task_object::shared_object;
    id.build_id_size = static_cast<std::uint8_t>(f.build_id.size);
    id.build_id = f.copied;
    return id;
}

std::uintptr_t resolve_task_id(const task_id& id)
{
    if ((id.object != task_object::main_program && id.object != task_object::shared_object) ||
        id.build_id_size == 0 || id.build_id_size > task_id::max_build_id_size)
        throw task_id_error(task_id_error::reason_type::malformed,
                            "freethreading: task id refused: its bytes are not a task id (object kind " +
                                std::to_string(static_cast<unsigned>(id.object)) + ", build id size " +
                                std::to_string(id.build_id_size) + ")");
    lookup l;
    l.id = &id;
    ::dl_iterate_phdr(&find_object, &l);
    if (!l.object_found) {
        if (id.object == task_object::main_program)
            throw task_id_error(task_id_error::reason_type::other_build,
                                "freethreading: task id " + to_string(id) +
                                    " refused: it names another build of the main program (this one's build id "
                                    "is " + l.main_build_id + ")");
        throw task_id_error(task_id_error::reason_type::other_build,
                            "freethreading: task id " + to_string(id) +
                                " refused: no object with that build id is loaded in this process (another "
                                "build of the library, or one loaded only where the id was made)");
    }
    if (!l.inside)
        throw task_id_error(task_id_error::reason_type::outside_object,
                            "freethreading: task id " + to_string(id) + " refused: offset " +
                                hex_number(id.offset) + " is outside the code of " + l.name);
    return l.address;
}

std::string to_string(const task_id& id)
{
    const std::size_t size = std::min<std::size_t>(id.build_id_size, task_id::max_build_id_size);
    return std::string(id.object == task_object::main_program ? "main program" : "shared object") + "+" +
           hex_number(id.offset) + " (build id " + hex(id.build_id.data(), size) + ")";
}

} // namespace freethreading::detail
