//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// The codec against hand-written byte copying (DESIGN §10), each iteration a
// full round trip: encode into a reused buffer, decode into a new value.
//
//   core.codec.vector_int64_vs_memcpy     std::vector<std::int64_t>(1000) against
//                                         the length and a memcpy in, a
//                                         std::vector(n) and a memcpy out.
//   core.codec.aggregate_vs_handwritten   {int, double, std::string of 32 chars}
//                                         through Boost.PFR against the three
//                                         fields written and read by hand.
//
// Both sides of a pair use the same byte_buffer, cleared and not shrunk, so the
// comparison is of the encoding work, not of allocation of the buffer.

#include <freethreading/core/codec.hpp>

#include <freethreading_bench/ratio.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

namespace {

namespace d = freethreading::detail;

std::vector<std::int64_t> make_vector()
{
    std::vector<std::int64_t> v(1000);
    std::iota(v.begin(), v.end(), std::int64_t{-500});
    return v;
}

void vector_ours(benchmark::State& state)
{
    const std::vector<std::int64_t> source = make_vector();
    d::byte_buffer buffer(16 * 1024);
    for (auto _ : state) {
        buffer.clear();
        d::encode(source, buffer);
        std::vector<std::int64_t> back = d::decode<std::vector<std::int64_t>>(buffer.bytes());
        benchmark::DoNotOptimize(back.data());
        benchmark::ClobberMemory();
    }
}

void vector_baseline(benchmark::State& state)
{
    const std::vector<std::int64_t> source = make_vector();
    d::byte_buffer buffer(16 * 1024);
    for (auto _ : state) {
        buffer.clear();
        const std::uint64_t n = source.size();
        buffer.append(&n, sizeof n);
        buffer.append(source.data(), n * sizeof(std::int64_t));

        std::uint64_t count = 0;
        std::memcpy(&count, buffer.data(), sizeof count);
        std::vector<std::int64_t> back(count);
        std::memcpy(back.data(), buffer.data() + sizeof count, count * sizeof(std::int64_t));
        benchmark::DoNotOptimize(back.data());
        benchmark::ClobberMemory();
    }
}

struct record
{
    int a;
    double b;
    std::string c;
};

record make_record()
{
    // Longer than the small-string buffer, so both sides allocate for it.
    return {42, 3.25, "a label of thirty-two characters"};
}

void aggregate_ours(benchmark::State& state)
{
    const record source = make_record();
    d::byte_buffer buffer(1024);
    for (auto _ : state) {
        buffer.clear();
        d::encode(source, buffer);
        record back = d::decode<record>(buffer.bytes());
        benchmark::DoNotOptimize(back);
        benchmark::ClobberMemory();
    }
}

void aggregate_baseline(benchmark::State& state)
{
    const record source = make_record();
    d::byte_buffer buffer(1024);
    for (auto _ : state) {
        buffer.clear();
        buffer.append(&source.a, sizeof source.a);
        buffer.append(&source.b, sizeof source.b);
        const std::uint64_t n = source.c.size();
        buffer.append(&n, sizeof n);
        buffer.append(source.c.data(), n);

        const std::byte* at = buffer.data();
        int a = 0;
        std::memcpy(&a, at, sizeof a);
        at += sizeof a;
        double b = 0;
        std::memcpy(&b, at, sizeof b);
        at += sizeof b;
        std::uint64_t length = 0;
        std::memcpy(&length, at, sizeof length);
        at += sizeof length;
        record back{a, b, std::string(reinterpret_cast<const char*>(at), length)};
        benchmark::DoNotOptimize(back);
        benchmark::ClobberMemory();
    }
}

} // namespace

BENCHMARK(vector_ours)->Name("core.codec.vector_int64_vs_memcpy/ours");
BENCHMARK(vector_baseline)->Name("core.codec.vector_int64_vs_memcpy/baseline");
BENCHMARK(aggregate_ours)->Name("core.codec.aggregate_vs_handwritten/ours");
BENCHMARK(aggregate_baseline)->Name("core.codec.aggregate_vs_handwritten/baseline");

FREETHREADING_BENCH_MAIN()
