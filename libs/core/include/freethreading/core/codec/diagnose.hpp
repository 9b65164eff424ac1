//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_DIAGNOSE_HPP
#define FREETHREADING_CORE_CODEC_DIAGNOSE_HPP

// The compile error for a type that is not serializable.
//
// A failed concept check alone tells the user that `serializable<job>` is
// false, not that `job` holds a `std::mutex` three levels down. So the entry
// points that reject a type call require_serializable<T>(), which descends
// only into the parts that fail (aggregate fields, container elements, tuple
// and variant alternatives) and stops at the first type that is rejected on
// its own, with one static_assert per reason. g++ then prints the message
// with the chain "required from ... [with T = ...]" naming every enclosing
// type, and nothing for the parts that are fine.

#include <freethreading/core/codec/fwd.hpp>
#include <freethreading/core/codec/reflect.hpp>
#include <freethreading/core/codec/rules.hpp>

#include <type_traits>

namespace freethreading::detail {

template <class... Ts>
consteval void require_each(type_list<Ts...>)
{
    (require_serializable<Ts>(), ...);
}

template <class T>
consteval void require_serializable()
{
    if constexpr (!is_serializable<T>()) {
        using U = std::remove_cv_t<T>;
        constexpr codec_rule rule = rule_of<T>();
        static_assert(rule != codec_rule::reference,
                      "freethreading: a reference cannot cross into another process; pass the "
                      "value itself (std::string, std::vector, ...)");
        static_assert(rule != codec_rule::pointer,
                      "freethreading: a raw pointer cannot cross into another process; pass a "
                      "value type (std::string, std::vector)");
        static_assert(rule != codec_rule::member_pointer,
                      "freethreading: a member pointer cannot cross into another process; pass "
                      "the value it designates, or an index");
        static_assert(rule != codec_rule::reference_wrapper,
                      "freethreading: a std::reference_wrapper (std::ref, std::cref) cannot cross "
                      "into another process; pass the value (std::string, std::vector)");
        static_assert(rule != codec_rule::string_view,
                      "freethreading: a std::string_view does not own its characters and cannot "
                      "cross into another process; pass a std::string");
        static_assert(rule != codec_rule::span,
                      "freethreading: a std::span does not own its elements and cannot cross into "
                      "another process; pass a std::vector or std::array");
        static_assert(rule != codec_rule::function,
                      "freethreading: a std::function holds code addresses and captures and cannot "
                      "cross into another process; make the task a function or a capture-less "
                      "lambda and pass its data as arguments");
        static_assert(rule != codec_rule::future,
                      "freethreading: a future belongs to the process that made it; pass its "
                      "result instead");
        static_assert(rule != codec_rule::smart_pointer,
                      "freethreading: a smart pointer cannot cross into another process; pass the "
                      "value it owns (std::string, std::vector)");
        static_assert(rule != codec_rule::process_local,
                      "freethreading: a threading:: handle only works in the process that made "
                      "it; use the multiprocessing:: or facade type");
        static_assert(rule != codec_rule::volatile_object,
                      "freethreading: a volatile object cannot be encoded; pass a copy of its value");
        static_assert(rule != codec_rule::c_array,
                      "freethreading: a C array cannot be passed by value; use std::array, or "
                      "std::string for text");
        static_assert(rule != codec_rule::unreflectable_aggregate,
                      "freethreading: Boost.PFR cannot reflect this aggregate (a base class, a C "
                      "array, a union, a bit-field, a [[no_unique_address]] member, a reference "
                      "or a field that cannot be default-initialized, or more than 64 fields) "
                      "and it is not trivially copyable; give it a serialize(Archive&, "
                      "unsigned) member");
        static_assert(rule != codec_rule::copyable_not_assignable,
                      "freethreading: this class can be copied but not assigned, like a lambda "
                      "with captures (which may be references), so it cannot cross into another "
                      "process; make the task a function or a capture-less lambda and pass the "
                      "captured values as arguments");
        static_assert(rule != codec_rule::no_rule,
                      "freethreading: this type has no encoding: it is not arithmetic or an enum, "
                      "not an aggregate or a supported standard type, has no serialize(Archive&, "
                      "unsigned) member, and is not a trivially copyable, copy-assignable class "
                      "(a mutex, an atomic, a thread or a stream never crosses into another "
                      "process)");
        if constexpr (rule == codec_rule::standard) {
            static_assert(std_codec<U>::decodable(),
                          "freethreading: this standard type cannot be rebuilt in another process: "
                          "its allocator, comparator or hash is not default-constructible, or its "
                          "characters or elements cannot be default-constructed");
            require_each(typename std_codec<U>::elements{});
        } else if constexpr (rule == codec_rule::aggregate) {
            require_each(field_types_t<U>{});
        } else if constexpr (rule == codec_rule::member_serialize) {
            static_assert(std::is_default_constructible_v<U>,
                          "freethreading: a class with a serialize member must be "
                          "default-constructible, so that decoding can make the object that "
                          "serialize then fills in");
            static_assert(std::is_move_constructible_v<U>,
                          "freethreading: a class with a serialize member must be "
                          "move-constructible, so that decoding can return it");
        }
    }
}

} // namespace freethreading::detail

#endif // FREETHREADING_CORE_CODEC_DIAGNOSE_HPP
