#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# fuzz.sh [seconds] — builds the libFuzzer targets of test/fuzz/ with clang
# (clang++-16, ASan + UBSan, out/fuzz; never part of test.sh's build), rewrites the seed
# corpus test/fuzz/corpus/<target>/ with the corpus generator, and runs each
# target for SECONDS (default 60) from those seeds. New inputs go to
# out/fuzz/corpus/<target>/ (kept between runs), findings to
# out/fuzz/artifacts/<target>/. Exits 1 if any target found something.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
seconds=${1:-60}
if [[ ! $seconds =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: build/fuzz.sh [seconds]   (a whole number of seconds per target, default 60)" >&2
    exit 2
fi
"$root/build/setup.sh" fuzz

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
build=$root/out/fuzz
echo "== fuzz: build (clang++-16, ASan + UBSan + libFuzzer) in out/fuzz"
cmake -S test/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build "$build" -j "$(nproc)"
"$build/fuzz_corpus_generator" test/fuzz/corpus

targets=(codec_arithmetic codec_string codec_vector codec_map codec_optional codec_variant codec_tuple
         codec_aggregate codec_nested exception_record record_ring)
# -max_len bounds an input (and so the heap a decoder may take for it);
# -malloc_limit_mb and -rss_limit_mb stop a run whose memory runs away even
# where the targets' own heap checks would not see it.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
found=()
for t in "${targets[@]}"; do
    work=$build/corpus/$t
    artifacts=$build/artifacts/$t
    log=$build/logs/$t.log
    mkdir -p "$work" "$artifacts" "$build/logs"
    echo "== fuzz: $t for ${seconds}s"
    if "$build/fuzz_$t" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -malloc_limit_mb=64 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$work" "test/fuzz/corpus/$t" >"$log" 2>&1; then
        grep -E '^stat::(number_of_executed_units|new_units_added)' "$log" | tr '\n' ' '
        echo
    else
        found+=("$t")
        echo "   FOUND something: $log"
        grep -E 'ERROR|SUMMARY|decode<|record ring|exception_record|Test unit written' "$log" | head -20 || true
    fi
done
echo "fuzz: ${#targets[@]} targets, ${#found[@]} found something${found:+: ${found[*]}}"
[[ ${#found[@]} -eq 0 ]]
