//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// Writes the fuzz targets' seed corpus: `fuzz_corpus_generator DIR` makes
// DIR/<target>/seed-NN for every target, each the encoding of a real value
// (codec families: the type's index byte, then encode(value); the exception
// record: a captured exception), or, for the record ring, a script of puts
// and gets spelled the way the target's FuzzedDataProvider reads it. The
// output depends only on this program, so build/fuzz.sh rewrites the
// committed corpus with it and a change of the encoding shows in git.

#include "codec_families.hpp"

#include <freethreading/core/codec.hpp>
#include <freethreading/core/detail/exception_transport.hpp>
#include <freethreading/core/detail/ring/record_ring.hpp>
#include <freethreading/core/errors.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

namespace fs = std::filesystem;
namespace ft = freethreading;
namespace ftd = freethreading::detail;

namespace {

class seed_directory
{
public:
    seed_directory(const fs::path& root, const std::string& target) : dir_(root / target)
    {
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }

    void write(const std::vector<std::uint8_t>& bytes)
    {
        char name[32];
        std::snprintf(name, sizeof name, "seed-%02d", count_++);
        std::ofstream out(dir_ / name, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (!out)
            throw std::runtime_error("cannot write " + (dir_ / name).string());
    }

    int count() const { return count_; }

private:
    fs::path dir_;
    int count_ = 0;
};

template <class T, class Tuple>
struct index_in;

template <class T, class... Ts>
struct index_in<T, std::tuple<Ts...>>
{
    static constexpr std::size_t value = [] {
        constexpr bool same[] = {std::is_same_v<T, Ts>...};
        for (std::size_t i = 0; i < sizeof...(Ts); ++i)
            if (same[i])
                return i;
        return sizeof...(Ts);
    }();
    static_assert(value < sizeof...(Ts), "a sample's type is not one of its family's types");
};

// Receives a family's samples: the type's index byte, then the encoding.
template <class Family>
struct family_sink
{
    seed_directory& out;

    template <class T>
    void add(const T& value)
    {
        ftd::byte_buffer bytes;
        ftd::encode(value, bytes);
        std::vector<std::uint8_t> seed{static_cast<std::uint8_t>(index_in<T, typename Family::types>::value)};
        const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
        seed.insert(seed.end(), p, p + bytes.size());
        out.write(seed);
    }
};

template <class Family>
void write_family(const fs::path& root, const char* target)
{
    seed_directory dir(root, target);
    family_sink<Family> sink{dir};
    Family::samples(sink);
}

template <class E>
std::vector<std::uint8_t> captured(E&& e)
{
    const ftd::exception_record r = ftd::capture_exception(std::make_exception_ptr(std::forward<E>(e)));
    ftd::byte_buffer bytes;
    ftd::encode(r, bytes);
    const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
    return {p, p + bytes.size()};
}

void write_exception_records(const fs::path& root)
{
    seed_directory dir(root, "exception_record");
    dir.write(captured(std::runtime_error("boom")));
    dir.write(captured(std::invalid_argument("bad argument")));
    dir.write(captured(std::system_error(ENOENT, std::generic_category(), "open")));
    dir.write(captured(std::system_error(EPERM, std::system_category())));
    dir.write(captured(ft::segment_exhausted_error(4096, 128)));
    dir.write(captured(ft::remote_error("app::failure", "it failed")));
    dir.write(captured(ft::decode_error("truncated")));
    dir.write(captured(42)); // not a std::exception
    dir.write(captured(std::bad_alloc()));
    try {
        std::variant<int, char> v;
        (void)std::get<char>(v);
    } catch (...) {
        const ftd::exception_record r = ftd::capture_exception(std::current_exception());
        ftd::byte_buffer bytes;
        ftd::encode(r, bytes);
        const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
        dir.write({p, p + bytes.size()});
    }
}

// Spells values the way FuzzedDataProvider reads them: integers are taken
// from the end of the input, most significant byte first, as few bytes as
// the range needs.
class script_writer
{
public:
    void value(std::uint64_t v, std::uint64_t min, std::uint64_t max)
    {
        const std::uint64_t range = max - min;
        int bytes = 0;
        while (bytes < 8 && (range >> (8 * bytes)) > 0)
            ++bytes;
        for (int i = bytes - 1; i >= 0; --i)
            read_order_.push_back(static_cast<std::uint8_t>((v - min) >> (8 * i)));
    }

    // The ops of record_ring_fuzz.cpp's script.
    void put(std::size_t length) { value(0, 0, 6), write_length(length); }
    void get() { value(2, 0, 6); }
    void abandoned_put(std::size_t length, bool align8)
    {
        value(4, 0, 6);
        write_length(length);
        value(align8 ? 1 : 0, 0, 255);
    }
    void abandoned_get() { value(5, 0, 6); }

    std::vector<std::uint8_t> bytes() const { return {read_order_.rbegin(), read_order_.rend()}; }

private:
    void write_length(std::size_t length)
    {
        const std::size_t big = 3 * std::size_t(ftd::ring_chunk_cells) * ftd::ring_cell;
        if (length <= 64) {
            value(0, 0, 15);
            value(length, 0, 64);
        } else if (length <= 4096) {
            value(12, 0, 15);
            value(length, 0, 4096);
        } else {
            value(15, 0, 15);
            value(length, 0, big);
        }
    }

    std::vector<std::uint8_t> read_order_;
};

void write_ring_scripts(const fs::path& root)
{
    seed_directory dir(root, "record_ring");
    const std::size_t chunk_bytes = std::size_t(ftd::ring_chunk_cells) * ftd::ring_cell;
    {
        script_writer s; // unbounded: a few records in and out
        s.value(0, 0, 6);
        s.put(5), s.put(0), s.put(64), s.get(), s.get(), s.get(), s.get();
        dir.write(s.bytes());
    }
    {
        script_writer s; // bounded by 2: a try put on a full ring, a try get on an empty one
        s.value(2, 0, 6);
        s.put(1), s.put(2), s.put(3), s.get(), s.get(), s.get();
        dir.write(s.bytes());
    }
    {
        script_writer s; // records that cross and span chunks
        s.value(0, 0, 6);
        s.put(chunk_bytes - 40), s.put(4000), s.put(2 * chunk_bytes), s.get(), s.put(10), s.get(), s.get(), s.get();
        dir.write(s.bytes());
    }
    {
        script_writer s; // abandoned puts and gets between real ones
        s.value(3, 0, 6);
        s.abandoned_put(100, true), s.put(7), s.abandoned_get(), s.abandoned_put(chunk_bytes, false), s.get();
        s.abandoned_get(), s.put(8), s.get();
        dir.write(s.bytes());
    }
    {
        script_writer s; // many small records around the ring
        s.value(0, 0, 6);
        for (int i = 0; i < 60; ++i) {
            s.put(static_cast<std::size_t>(i));
            if (i % 3 == 2)
                s.get(), s.get();
        }
        dir.write(s.bytes());
    }
    for (std::uint64_t cell = 0; cell < 3; ++cell) {
        script_writer s; // a record, then its length prefix damaged, then a read
        s.value(0, 0, 6);
        s.put(20), s.put(30);
        s.value(6, 0, 6);
        s.value(0, 0, 0); // the first chunk (of one)
        s.value(cell * 3, 0, ftd::ring_chunk_cells - 1);
        s.value(0x0000000000010000u << cell, 0, ~std::uint64_t{0});
        s.value(0, 0, 255); // the header word, not the one after it
        dir.write(s.bytes());
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    const fs::path root = argv[1];
    namespace fz = freethreading_fuzz;
    write_family<fz::arithmetic_family>(root, "codec_arithmetic");
    write_family<fz::string_family>(root, "codec_string");
    write_family<fz::vector_family>(root, "codec_vector");
    write_family<fz::map_family>(root, "codec_map");
    write_family<fz::optional_family>(root, "codec_optional");
    write_family<fz::variant_family>(root, "codec_variant");
    write_family<fz::tuple_family>(root, "codec_tuple");
    write_family<fz::aggregate_family>(root, "codec_aggregate");
    write_family<fz::nested_family>(root, "codec_nested");
    write_exception_records(root);
    write_ring_scripts(root);
    return 0;
}
