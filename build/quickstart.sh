#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# quickstart.sh — installs what is missing, builds the library and the seed
# README's examples, and runs every example on both backends.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/build/setup.sh"

cmake --preset default >/dev/null
targets=()
for source in example/*.cpp; do
    name=$(basename "$source" .cpp)
    targets+=("example_$name")
done
cmake --build --preset default -j "$(nproc)" --target "${targets[@]}"

status=0
for target in "${targets[@]}"; do
    for backend in threading multiprocessing; do
        echo "== ${target#example_} (FREETHREADING_BACKEND=$backend)"
        if ! FREETHREADING_BACKEND=$backend "out/default/example/$target"; then
            echo "!! ${target#example_} failed on $backend" >&2
            status=1
        fi
    done
done
exit $status
