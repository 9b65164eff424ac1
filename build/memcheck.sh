#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# memcheck.sh — runs the core and sync test programs under Valgrind's
# memcheck, on both backends (the ctest runs <module>.<name>.threading and
# .multiprocessing), with --error-exitcode=1: an invalid read or write, a use
# of uninitialised memory, a bad free or a definite leak fails the test.
# Forked children run under Valgrind too and report their own errors (their
# exit code then fails the test that checks it).
#
# The build is the default preset's in a directory of its own, out/memcheck,
# whose tests are run through Valgrind (CMAKE_CROSSCOMPILING_EMULATOR).
# Suppressions: build/memcheck.supp (each entry says why it is there).
# Left out, each for a reason Valgrind cannot work around:
#   - the load tests (lock_load_test): 64 processes under Valgrind take
#     minutes; they run under ASan+UBSan in test.sh --sanitize;
#   - core.segment_size_test: it maps segments up to the size limits of the
#     address space and overcommit, which Valgrind's own address-space
#     manager refuses;
#   - core.embedded_python: CPython's allocator is not Valgrind-clean without
#     a Python built for it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/build/setup.sh" memcheck

jobs=$(nproc)
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
build=$root/out/memcheck

valgrind=(valgrind --tool=memcheck --error-exitcode=1 --leak-check=full --show-leak-kinds=definite
          --errors-for-leak-kinds=definite --track-origins=yes --child-silent-after-fork=no
          --suppressions="$root/build/memcheck.supp" --quiet)
emulator=$(IFS=';'; echo "${valgrind[*]}")

echo "== memcheck: build (preset default, out/memcheck)"
cmake --preset default -B "$build" -DCMAKE_CROSSCOMPILING_EMULATOR="$emulator" >/dev/null
mapfile -t targets < <(ls libs/core/test/*_test.cpp libs/sync/test/*_test.cpp |
                           sed -E 's|libs/([a-z]+)/test/([a-z_]+)\.cpp|\1_\2|' | grep -vE '^(sync_lock_load_test|core_segment_size_test)$')
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

echo "== memcheck: the core and sync tests under valgrind, both backends"
# Valgrind runs a program tens of times slower: the tests' own time limits
# are far above what they need, and ctest's is raised with --timeout.
ctest --test-dir "$build" -L '^(core|sync)$' -E '^(sync\.lock_load_test|core\.segment_size_test)\.|^core\.embedded_python$|compile_fail' \
    -j "$jobs" --timeout 1800 --output-on-failure
