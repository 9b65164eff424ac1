#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# setup.sh [bench|docs|fuzz|memcheck] — installs, with apt-get, the Debian 12
# packages the build needs and that are missing; the optional group adds what
# build/bench.sh, build/docs.sh, build/fuzz.sh or build/memcheck.sh needs
# besides. Idempotent: with everything present it only checks. Not root and
# something missing: prints the apt-get line, exits 1.
set -euo pipefail

packages=(
    g++ cmake ninja-build ccache pkg-config make
    libboost1.81-dev libboost-test1.81-dev libboost1.81-tools-dev  # headers, Boost.Test, b2
    libbenchmark-dev                                               # Google Benchmark
    python3-dev                                                    # the embedded-Python test
    libboost-mpi1.81-dev openmpi-bin libopenmpi-dev                # the mpi module (optional in the build)
)
case "${1:-}" in
    bench) packages+=(gnuplot-nox) ;;                              # plots in doc/benchmarks.md
    docs) packages+=(doxygen graphviz) ;;                          # the reference (build/docs.sh)
    fuzz) packages+=(clang-16 libclang-rt-16-dev) ;;               # clang++-16 and libFuzzer (test/fuzz/CMakeLists.txt: why 16)
    memcheck) packages+=(valgrind) ;;
    "") ;;
    *) echo "setup.sh: unknown group '$1' (bench, docs, fuzz or memcheck)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [[ "$status" == installed ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "freethreading needs these Debian packages: ${missing[*]}" >&2
    echo "run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
