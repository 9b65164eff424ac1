#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# chaos.sh [iterations] [seed] — builds the chaos programs of test/chaos/
# (CMake, preset default) and runs each with ITERATIONS seeded random kills
# per scenario (default 200; ctest and build/test.sh run 20): queue producers
# and consumers, pool workers, lock owners, and the no-orphans check. A seed
# repeats a run exactly (each program prints the seeds it drew). Every
# iteration runs under a watchdog, so a hang fails the run with the iteration
# and seed named. Exits 1 if any program failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
iterations=${1:-200}
seed=${2:-}
if [[ ! $iterations =~ ^[1-9][0-9]*$ || ( -n $seed && ! $seed =~ ^[0-9]+$ ) ]]; then
    echo "usage: build/chaos.sh [iterations] [seed]   (whole numbers; 200 iterations by default)" >&2
    exit 2
fi

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
cmake --preset default >/dev/null
programs=(queue_chaos_test pool_chaos_test lock_chaos_test no_orphans_test)
cmake --build --preset default -j "$(nproc)" --target chaos_orphan_maker "${programs[@]/#/chaos_}"

export FREETHREADING_CHAOS_ITERATIONS=$iterations FREETHREADING_BACKEND=multiprocessing
if [[ -n $seed ]]; then export FREETHREADING_CHAOS_SEED=$seed; fi
dir=$root/out/default/test/chaos
failed=()
start=$SECONDS
for p in "${programs[@]}"; do
    echo "== chaos: $p ($iterations iterations per scenario)"
    if ! "$dir/chaos_$p" --log_level=message -- "$dir/chaos_orphan_maker"; then
        failed+=("$p")
    fi
done
echo "chaos: $iterations iterations per scenario in $((SECONDS - start)) s"
if ((${#failed[@]} > 0)); then
    echo "chaos: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "chaos: every program passed"
