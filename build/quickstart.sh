#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# quickstart.sh — installs what is missing, builds the library and the
# examples (example/*.cpp: the seed README's and the Python usage guide's
# examples as C++ programs), and runs every example on both backends, each
# after a header line. An example fails if it exits non-zero or prints
# something else than example/expected/<name>.<backend>.txt (checked by
# build/check_output.sh, as the tests do); the script exits 1 if any failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/build/setup.sh"

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
cmake --preset default >/dev/null
names=()
for source in example/*.cpp; do
    names+=("$(basename "$source" .cpp)")
done
cmake --build --preset default -j "$(nproc)" --target "${names[@]/#/example_}"

failed=()
for name in "${names[@]}"; do
    for backend in threading multiprocessing; do
        echo
        echo "== $name (FREETHREADING_BACKEND=$backend)"
        if ! sh build/check_output.sh "example/expected/$name.$backend.txt" \
                env FREETHREADING_BACKEND="$backend" "out/default/example/example_$name"; then
            echo "!! $name failed on $backend" >&2
            failed+=("$name/$backend")
        fi
    done
done
echo
if ((${#failed[@]} > 0)); then
    echo "${#failed[@]} of $((2 * ${#names[@]})) example runs failed: ${failed[*]}" >&2
    exit 1
fi
echo "all ${#names[@]} examples printed the expected output on both backends"
