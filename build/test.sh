#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# test.sh [--sanitize] — installs what is missing, builds every module with
# CMake and with b2, and runs every test under both backends (each test
# program runs once with FREETHREADING_BACKEND=threading and once with
# =multiprocessing); the chaos programs (label `chaos`, test/chaos/) run once
# each with a short budget of 20 iterations (build/chaos.sh runs long ones).
#
# --sanitize (what .ci/run passes) adds the sanitizer suites (DESIGN §10):
# the `asan` preset (ASan + UBSan) builds everything and runs the whole ctest
# suite; the `tsan` preset builds only the programs its test preset selects
# (the `.threading` runs: the threading backend, and the facade under
# FREETHREADING_BACKEND=threading, less the core tests of process mechanisms
# that ThreadSanitizer cannot follow) and runs them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

sanitize=0
for arg in "$@"; do
    case "$arg" in
        --sanitize) sanitize=1 ;;
        *) echo "usage: build/test.sh [--sanitize]" >&2; exit 2 ;;
    esac
done

"$root/build/setup.sh"

jobs=$(nproc)
# One cache for every checkout of the tree: paths are taken relative to it.
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

logs=()
trap 'rm -f "${logs[@]}"' EXIT
total_passed=0
total_failed=0
status=0
summary=()

# run_ctest NAME PRESET: runs the preset's tests and adds their counts.
run_ctest()
{
    local name=$1 preset=$2 log
    log=$(mktemp)
    logs+=("$log")
    set +e
    ctest --preset "$preset" -j "$jobs" 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    set -e
    local counts total failed
    counts=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2 \1/p' "$log" | tail -1)
    read -r total failed <<<"${counts:-0 1}"
    total_passed=$((total_passed + total - failed))
    total_failed=$((total_failed + failed))
    summary+=("ctest $name: $((total - failed)) of $total passed")
    if [[ $rc -ne 0 || $failed -ne 0 || $total -eq 0 ]]; then status=1; fi
}

echo "== CMake: configure, build, test (preset default)"
cmake --preset default >/dev/null
cmake --build --preset default -j "$jobs"
run_ctest default default

echo "== b2: build and test (toolset=gcc)"
b2_log=$(mktemp)
logs+=("$b2_log")
set +e
b2 toolset=gcc -j"$jobs" -q test 2>&1 | tee "$b2_log" | grep -E '\*\*passed\*\*|rejected as expected|failed|error:|\.\.\.failed' || true
b2_status=${PIPESTATUS[0]}
set -e
# A run test prints **passed**, a compile_fail test "rejected as expected".
b2_passed=$(grep -cE '\*\*passed\*\*|: rejected as expected$' "$b2_log" || true)
b2_failed=$(grep -cE '^\.\.\.failed' "$b2_log" || true)
if [[ $b2_status -ne 0 && $b2_failed -eq 0 ]]; then b2_failed=1; fi
if [[ $b2_status -ne 0 || $b2_failed -ne 0 ]]; then status=1; fi
total_passed=$((total_passed + b2_passed))
total_failed=$((total_failed + b2_failed))
summary+=("b2: $b2_passed passed, $b2_failed failed")

if [[ $sanitize -eq 1 ]]; then
    echo "== CMake: AddressSanitizer + UndefinedBehaviorSanitizer (preset asan): everything"
    cmake --preset asan >/dev/null
    cmake --build --preset asan -j "$jobs"
    run_ctest asan asan

    echo "== CMake: ThreadSanitizer (preset tsan): the threading runs"
    cmake --preset tsan >/dev/null
    # The programs behind the tests the preset selects: <module>.<name>.threading
    # is <module>_<name>, example.<name>.threading is example_<name>.
    mapfile -t tsan_targets < <(ctest --preset tsan -N | sed -n 's/^ *Test *#[0-9]*: \([^ ]*\)\.threading$/\1/p' |
                                    sed 's/\./_/' | sort -u)
    if ((${#tsan_targets[@]} == 0)); then
        echo "test.sh: the tsan preset selects no test" >&2
        status=1
    else
        cmake --build --preset tsan -j "$jobs" --target "${tsan_targets[@]}"
        run_ctest tsan tsan
    fi
fi

printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
# Every failure counted fails the run, whatever status the pipes report.
[[ $status -eq 0 && $total_failed -eq 0 ]]
