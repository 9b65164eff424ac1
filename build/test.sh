#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# test.sh — installs what is missing, builds every module with CMake and with
# b2, and runs every test under both backends (each test program runs once
# with FREETHREADING_BACKEND=threading and once with =multiprocessing).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/build/setup.sh"

jobs=$(nproc)
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}

echo "== CMake: configure, build, test (preset default)"
cmake --preset default >/dev/null
cmake --build --preset default -j "$jobs"
ctest_log=$(mktemp)
trap 'rm -f "$ctest_log" "${b2_log:-}"' EXIT
set +e
ctest --preset default -j "$jobs" 2>&1 | tee "$ctest_log"
ctest_status=${PIPESTATUS[0]}
set -e

echo "== b2: build and test (toolset=gcc)"
b2_log=$(mktemp)
set +e
b2 toolset=gcc -j"$jobs" -q test 2>&1 | tee "$b2_log" | grep -E '\*\*passed\*\*|rejected as expected|failed|error:|\.\.\.failed' || true
b2_status=${PIPESTATUS[0]}
set -e

ctest_passed=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2 \1/p' "$ctest_log" | tail -1)
read -r ctest_total ctest_failed <<<"${ctest_passed:-0 1}"
# A run test prints **passed**, a compile_fail test "rejected as expected".
b2_passed=$(grep -cE '\*\*passed\*\*|: rejected as expected$' "$b2_log" || true)
b2_failed=$(grep -cE '^\.\.\.failed' "$b2_log" || true)
if [[ $b2_status -ne 0 && $b2_failed -eq 0 ]]; then b2_failed=1; fi
passed=$((ctest_total - ctest_failed + b2_passed))
failed=$((ctest_failed + b2_failed))
echo "ctest: $((ctest_total - ctest_failed)) of $ctest_total passed; b2: $b2_passed passed, $b2_failed failed"
echo "$passed passed, $failed failed"
# Every failure counted fails the run, whatever status the pipes report.
[[ $ctest_status -eq 0 && $b2_status -eq 0 && $failed -eq 0 ]]
