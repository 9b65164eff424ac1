//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_TEST_CODEC_SAMPLES_HPP
#define FREETHREADING_CORE_TEST_CODEC_SAMPLES_HPP

// What the codec tests (DESIGN §5) share: a sample type for each rule that
// takes a class, and the round trip every accepted value must survive.

#include <freethreading/core/codec.hpp>
#include <freethreading/core/errors.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace codec_samples {

struct point
{
    int a;
    double b;
    std::string c;
    bool operator==(const point&) const = default;
};

struct document
{
    std::string title;
    std::vector<int> pages;
    point origin;
    bool operator==(const document&) const = default;
};

struct raw_point
{
    std::int32_t x;
    float y;
    std::int16_t z;
    bool operator==(const raw_point&) const = default;
};

struct flags
{
    bool on;
    int level;
    bool operator==(const flags&) const = default;
};

struct with_const
{
    const int id;
    std::string name;
    bool operator==(const with_const&) const = default;
};

struct empty
{
    bool operator==(const empty&) const = default;
};

// Rule 5, with private members and a C array.
class sample_record
{
public:
    sample_record() = default;
    sample_record(int id, std::string name) : id_(id), name_(std::move(name)) {}

    template <class Archive>
    void serialize(Archive& ar, unsigned)
    {
        ar & id_ & name_ & samples_ & tags_;
    }

    void add(double s, std::string tag)
    {
        samples_[tags_.size() % 3] = s;
        tags_.push_back(std::move(tag));
    }
    bool operator==(const sample_record&) const = default;

private:
    int id_ = 0;
    std::string name_;
    double samples_[3] = {};
    std::vector<std::string> tags_;
};

// Rule 5 that writes nothing still takes a byte.
struct nothing_to_save
{
    template <class Archive>
    void serialize(Archive&, unsigned)
    {
    }
    bool operator==(const nothing_to_save&) const = default;
};

// An aggregate PFR cannot reflect (C array) made serializable by serialize.
struct tagged
{
    int tag[2];
    std::string text;
    template <class Archive>
    void serialize(Archive& ar, unsigned)
    {
        ar & tag & text;
    }
    bool operator==(const tagged&) const = default;
};

// Rule 6: private members, no default constructor.
class celsius
{
public:
    explicit celsius(double v) : v_(v) {}
    bool operator==(const celsius&) const = default;

private:
    double v_;
};

struct bits
{
    unsigned a : 3;
    unsigned b : 5;
    bool operator==(const bits&) const = default;
};

struct base
{
    int x;
};
struct derived_raw : base
{
    int y;
};

// Encodes and decodes `value`, checking the encoded size against
// encoded_size() and min_encoded_size().
template <class T>
T round_trip(const T& value)
{
    freethreading::detail::byte_buffer buffer;
    freethreading::detail::encode(value, buffer);
    BOOST_TEST(buffer.size() == freethreading::detail::encoded_size(value));
    BOOST_TEST(buffer.size() >= freethreading::detail::min_encoded_size<T>());
    return freethreading::detail::decode<T>(buffer.bytes());
}

template <class T>
void check_round_trip(const T& value)
{
    BOOST_TEST((round_trip(value) == value));
}

template <class T>
freethreading::detail::byte_buffer encoded(const T& value)
{
    freethreading::detail::byte_buffer buffer;
    freethreading::detail::encode(value, buffer);
    return buffer;
}

template <class T>
bool rejects(std::span<const std::byte> bytes)
{
    try {
        (void)freethreading::detail::decode<T>(bytes);
    } catch (const freethreading::decode_error&) {
        return true;
    }
    return false;
}

template <class T>
std::vector<std::byte> bytes_of(const T& value)
{
    std::vector<std::byte> out(sizeof value);
    std::memcpy(out.data(), &value, sizeof value);
    return out;
}

} // namespace codec_samples

#endif // FREETHREADING_CORE_TEST_CODEC_SAMPLES_HPP
