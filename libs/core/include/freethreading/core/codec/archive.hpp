//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_ARCHIVE_HPP
#define FREETHREADING_CORE_CODEC_ARCHIVE_HPP

// The archives that rule 5 hands to a Boost.Serialization-style member
//
//     template <class Archive>
//     void serialize(Archive& ar, unsigned version) { ar & a & b; }
//
// Each member goes through the codec like any other value, so `ar & member`
// accepts exactly the serializable types (and C arrays of them), and a member
// that is not serializable is a compile error naming it. `version` is always 0.
// Like Boost.Serialization, the archives say which way they go with
// `is_saving` / `is_loading`. `serialize` must be public.

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/fwd.hpp>

#include <cstddef>
#include <cstring>
#include <type_traits>
#include <typeinfo>

namespace freethreading::detail {

/** Writes the members that `serialize` names into a byte_buffer. */
class output_archive
{
public:
    using is_saving = std::true_type;
    using is_loading = std::false_type;

    explicit output_archive(byte_buffer& out) noexcept : out_(out) {}

    template <class U>
    output_archive& operator&(const U& member)
    {
        save(member);
        return *this;
    }

private:
    template <class U>
    void save(const U& member)
    {
        if constexpr (std::is_array_v<U>) {
            if constexpr (is_raw<std::remove_all_extents_t<U>>())
                out_.append(&member, sizeof(U));
            else
                for (const auto& element : member)
                    save(element);
        } else if constexpr (is_serializable<U>()) {
            encode_value(member, out_);
        } else {
            require_serializable<U>();
        }
    }

    byte_buffer& out_;
};

/** Assigns the members that `serialize` names from a byte_reader. */
class input_archive
{
public:
    using is_saving = std::false_type;
    using is_loading = std::true_type;

    explicit input_archive(byte_reader& in) noexcept : in_(in) {}

    template <class U>
    input_archive& operator&(U& member)
    {
        load(member);
        return *this;
    }

private:
    template <class U>
    void load(U& member)
    {
        if constexpr (std::is_array_v<U>) {
            if constexpr (is_raw<std::remove_all_extents_t<U>>())
                std::memcpy(&member, in_.take(sizeof(U), typeid(U)), sizeof(U));
            else
                for (auto& element : member)
                    load(element);
        } else if constexpr (is_serializable<U>()) {
            member = decode_value<U>(in_);
        } else {
            require_serializable<U>();
        }
    }

    byte_reader& in_;
};

/** Adds up what an output_archive would write, for `encoded_size`. */
class size_archive
{
public:
    using is_saving = std::true_type;
    using is_loading = std::false_type;

    template <class U>
    size_archive& operator&(const U& member)
    {
        if constexpr (std::is_array_v<U>) {
            if constexpr (is_raw<std::remove_all_extents_t<U>>())
                size_ += sizeof(U);
            else
                for (const auto& element : member)
                    *this & element;
        } else if constexpr (is_serializable<U>()) {
            size_ += value_size(member);
        } else {
            require_serializable<U>();
        }
        return *this;
    }

    std::size_t size() const noexcept { return size_; }

private:
    std::size_t size_ = 0;
};

/** Satisfied by a class with a public member template `serialize(Archive&,
    unsigned)` that accepts the codec's archives. Only the declaration is
    checked; the members are checked when it is instantiated to encode. */
template <class T>
concept has_serialize_member =
    std::is_class_v<T> && requires(T& t, output_archive& out, input_archive& in,
                                   size_archive& size) {
        t.serialize(out, 0u);
        t.serialize(in, 0u);
        t.serialize(size, 0u);
    };

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_ARCHIVE_HPP
