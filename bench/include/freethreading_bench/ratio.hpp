//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_BENCH_RATIO_HPP
#define FREETHREADING_BENCH_RATIO_HPP

// The benchmark protocol of DESIGN §10, shared by every module's benchmarks.
//
// A comparison is two benchmarks named `<ratio name>/ours` and
// `<ratio name>/baseline`, registered in the same program so they run in the
// same process on the same machine state. `FREETHREADING_BENCH_MAIN()` runs
// every benchmark with at least 5 repetitions and, after Google Benchmark's
// own table, prints one line per comparison:
//
//     RATIO <ratio name> <median ours / median baseline>
//
// (below 1: ours is faster). Times are real (wall-clock) time per iteration,
// so work done in other threads or processes counts. `--quick` shortens each
// repetition; it never drops below 5 repetitions.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <unistd.h>
#include <string>
#include <vector>

namespace freethreading_bench {

/** Collects the median of every benchmark while forwarding to the console. */
class ratio_reporter : public benchmark::ConsoleReporter
{
public:
    // Colour only on a terminal, as Google Benchmark's own default reporter.
    ratio_reporter()
        : ConsoleReporter(::isatty(STDOUT_FILENO) != 0 ? OO_ColorTabular : OO_Tabular)
    {
    }

    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const Run& run : runs) {
            if (run.error_occurred)
                ++errors_;
            else if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median")
                medians_[comparison_name(run.run_name.str())] = run.GetAdjustedRealTime();
        }
        ConsoleReporter::ReportRuns(runs);
    }

    /** Prints the RATIO lines; returns how many comparisons lacked a side
        plus how many runs reported an error. */
    int print_ratios() const
    {
        int incomplete = errors_;
        for (const auto& [name, ours] : medians_) {
            const std::string suffix = "/ours";
            if (name.size() <= suffix.size() ||
                name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
                continue;
            const std::string stem = name.substr(0, name.size() - suffix.size());
            const auto base = medians_.find(stem + "/baseline");
            if (base == medians_.end() || base->second <= 0) {
                std::fprintf(stderr, "no baseline for %s\n", stem.c_str());
                ++incomplete;
                continue;
            }
            std::printf("RATIO %s %.3f\n", stem.c_str(), ours / base->second);
        }
        std::fflush(stdout);
        return incomplete;
    }

private:
    // UseRealTime() (for benchmarks whose work happens in other threads or
    // processes) appends "/real_time" to a run's name, UseManualTime() (a
    // baseline timed by another program) "/manual_time", and before either
    // Iterations(n) (a fixed count) "/iterations:n", then Repetitions(n) (a
    // benchmark's own count) "/repeats:n".
    static std::string comparison_name(std::string name)
    {
        for (const std::string suffix : {"/real_time", "/manual_time"})
            if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
                name.erase(name.size() - suffix.size());
        for (const std::string counted : {"/repeats:", "/iterations:"}) {
            const std::size_t at = name.rfind(counted);
            if (at != std::string::npos && at + counted.size() < name.size() &&
                name.find_first_not_of("0123456789", at + counted.size()) == std::string::npos)
                name.erase(at);
        }
        return name;
    }

    std::map<std::string, double> medians_;
    int errors_ = 0;
};

/** How a program runs by default; every field yields to the command line. */
struct run_defaults
{
    /** Repetitions when `--benchmark_repetitions` is not given (at least 5). */
    int repetitions = 5;
    /** Seconds per repetition unless `--benchmark_min_time` or `--quick` is
        given; 0 keeps Google Benchmark's default. */
    double min_time = 0;
};

/** Runs every registered benchmark under the protocol above. Repetitions
    are randomly interleaved, so load on this noisy machine falls on both sides
    of a ratio alike. Exits 1 if a run failed (`SkipWithError`) or a
    comparison lacks a side. */
inline int run_main(int argc, char** argv, run_defaults defaults = {})
{
    std::vector<char*> args(argv, argv + argc);
    const auto given = [&](const char* flag) {
        for (std::size_t i = 1; i < args.size(); ++i)
            if (std::strncmp(args[i], flag, std::strlen(flag)) == 0)
                return true;
        return false;
    };
    bool quick = false;
    for (std::size_t i = 1; i < args.size();) {
        if (std::strcmp(args[i], "--quick") == 0) {
            quick = true;
            args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
        }
        ++i;
    }
    std::vector<std::string> extra{"--benchmark_display_aggregates_only=true"};
    if (!given("--benchmark_enable_random_interleaving"))
        extra.emplace_back("--benchmark_enable_random_interleaving=true");
    if (!given("--benchmark_repetitions="))
        extra.push_back("--benchmark_repetitions=" + std::to_string(defaults.repetitions < 5 ? 5 : defaults.repetitions));
    if (!given("--benchmark_min_time=") && (quick || defaults.min_time > 0))
        extra.push_back("--benchmark_min_time=" + std::to_string(quick ? 0.05 : defaults.min_time));
    for (std::string& e : extra)
        args.insert(args.begin() + 1, e.data());
    int n = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&n, args.data());
    if (benchmark::ReportUnrecognizedArguments(n, args.data()))
        return 1;
    ratio_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return reporter.print_ratios() == 0 ? 0 : 1;
}

} // namespace freethreading_bench

#define FREETHREADING_BENCH_MAIN()                                                                 \
    int main(int argc, char** argv) { return ::freethreading_bench::run_main(argc, argv); }

#endif // FREETHREADING_BENCH_RATIO_HPP
