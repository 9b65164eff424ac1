#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# bench.sh [--quick] [MODULE…] — builds the benchmarks of the CMake `release`
# preset (out/release) and runs them (DESIGN §10). Shows Google Benchmark's
# table and each program's `RATIO <name> <x>` lines as they come, then all
# RATIO lines together. A complete run (no module named, no --quick) also
# keeps each program's JSON in out/release/bench-results/<module>/ (emptied
# first) and, if every program succeeded, rewrites doc/benchmarks.md with its
# PNG plots in doc/benchmarks/ from that run alone: the page always shows one
# complete run of every module on one machine and one commit. A run of some
# modules, or a --quick one, only prints. Exits non-zero if a program failed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir="$root/out/release"
results_dir="$build_dir/bench-results"
all_modules=(core sync queue worker executor mpi)

# The ratio each comparison must not exceed, as the issues give them. A
# comparison without an entry is reported without a target.
targets=(
    core.codec.vector_int64_vs_memcpy=1.10
    core.codec.aggregate_vs_handwritten=1.30
    core.robust_lock_vs_pthread_robust=0.80
    sync.lock_threading_vs_std_mutex=1.10
    sync.lock_facade_vs_threading=1.05
    sync.lock_multiprocessing_vs_pthread_robust=0.80
    sync.lock_facade_vs_multiprocessing=1.05
    sync.semaphore_threading_vs_std_counting_semaphore=1.10
    sync.event_pingpong_multiprocessing_vs_futex=1.25
    sync.condition_pingpong_multiprocessing_vs_futex=1.50
    queue.spsc_int64_threading_vs_mutex_condvar=0.50
    queue.spsc_int64_multiprocessing_vs_bip_message_queue=0.25
    queue.spsc_string64_multiprocessing_vs_bip_message_queue=0.50
    queue.mpmc_int64_multiprocessing_vs_bip_message_queue=0.50
    worker.start_join_threading_vs_std_thread=1.20
    worker.start_join_multiprocessing_vs_fork_waitpid=1.30
    executor.submit_get_threading_vs_asio_thread_pool=1.00
    executor.submit_get_multiprocessing_vs_threading=2.00
    executor.map_chunk100_multiprocessing_vs_threading=1.50
    executor.submit_get_multiprocessing_vs_python_process_pool=0.02
    executor.primes_threading_vs_serial=0.55
    executor.primes_multiprocessing_vs_serial=0.55
    executor.pool_start_shutdown_multiprocessing_vs_fork_waitpid=2.00
    executor.async_get_coroutine_vs_blocking_get=1.20
    mpi.primes_np3_vs_serial=0.60
)

usage() {
    echo "usage: build/bench.sh [--quick] [MODULE…]   (modules: ${all_modules[*]})"
}

warn() {
    echo "bench.sh: $*" >&2
}

quick=0
complete=1
modules=()
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1; complete=0 ;;
        -h | --help) usage; exit 0 ;;
        -*) usage >&2; exit 2 ;;
        *)
            if [[ " ${all_modules[*]} " != *" $arg "* ]]; then
                warn "unknown module '$arg'"; usage >&2; exit 2
            fi
            if [[ ! -d "$root/libs/$arg/bench" ]]; then
                warn "libs/$arg has no bench/ directory"; exit 2
            fi
            modules+=("$arg")
            complete=0
            ;;
    esac
done
if ((${#modules[@]} == 0)); then
    for m in "${all_modules[@]}"; do
        [[ -d "$root/libs/$m/bench" ]] && modules+=("$m")
    done
fi
if ((${#modules[@]} == 0)); then
    warn "no module has a bench/ directory"
    exit 1
fi

# 1. What the build needs, and gnuplot for the plots. Not fatal: a non-root
#    user may have all but gnuplot, and then only the plots are skipped.
setup="$root/build/setup.sh"
if [[ -f "$setup" ]]; then
    if [[ -x "$setup" ]]; then setup_command=("$setup"); else setup_command=(bash "$setup"); fi
    "${setup_command[@]}" bench || warn "build/setup.sh failed; going on with what is installed"
fi

# 2. Configure the release preset and build only the chosen modules' programs.
(cd "$root" && cmake --preset release)
available=$(cmake --build "$build_dir" --target help | grep -oE '\bbench_[A-Za-z0-9_]+' | sort -u)
declare -A module_targets=()
build_targets=()
for m in "${modules[@]}"; do
    found=$(grep -E "^bench_${m}_" <<<"$available" || true)
    if [[ -z "$found" ]]; then
        warn "no bench_${m}_* target in $build_dir (is libs/$m added to CMakeLists.txt?)"
        continue
    fi
    module_targets[$m]=$found
    # Word splitting is wanted: one target per line, names without spaces.
    # shellcheck disable=SC2206
    build_targets+=($found)
done
if ((${#build_targets[@]} == 0)); then
    warn "nothing to build"
    exit 1
fi
cmake --build "$build_dir" --target "${build_targets[@]}"

# 3. Run them, one program at a time (two cores: concurrent runs would measure
#    each other).
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
failed=()
# The shared ratio reporter colours its table whatever --benchmark_color says;
# the colour codes are kept on a terminal and stripped from anything else.
show=(sed -u 's/\x1b\[[0-9;]*m//g')
[[ -t 1 ]] && show=(cat)
# Line-buffered, so the table appears as it is measured, not at exit.
runner=()
command -v stdbuf >/dev/null && runner=(stdbuf -oL)
((complete)) && rm -rf "${results_dir:?}"
for m in "${modules[@]}"; do
    [[ -n "${module_targets[$m]:-}" ]] || continue
    ((complete)) && mkdir -p "$results_dir/$m"
    for t in ${module_targets[$m]}; do
        program="$build_dir/libs/$m/bench/$t"
        args=()
        ((quick)) && args+=(--quick)
        ((complete)) && args+=("--benchmark_out=$results_dir/$m/$t.json" --benchmark_out_format=json)
        echo "=== $m: $t"
        launch=()
        # The mpi module's programs are MPI jobs of 3 ranks (its test launcher).
        [[ $m == mpi ]] && launch=(sh "$root/libs/mpi/test/run_mpi.sh" 3)
        if ! "${runner[@]}" "${launch[@]}" "$program" "${args[@]}" | tee "$log_dir/$t.out" | "${show[@]}"; then
            warn "$t failed"
            failed+=("$t")
            # Results of a failed run are not to be published.
            rm -f "$results_dir/$m/$t.json"
        fi
    done
done

# 4. All RATIO lines together (colour codes stripped: the console reporter may
#    leave a reset sequence at the start of the line).
echo
echo "=== ratios (median ours / median baseline; below 1: ours is faster)"
ratios=$(cat "$log_dir"/*.out 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' | grep '^RATIO ' || true)
if [[ -n "$ratios" ]]; then
    echo "$ratios"
else
    echo "(none)"
fi
declare -A target_of=()
for entry in "${targets[@]}"; do
    target_of[${entry%%=*}]=${entry#*=}
done
while read -r _ name value; do
    [[ -n "$name" ]] || continue
    limit=${target_of[$name]:-}
    if [[ -n "$limit" ]] && awk -v v="$value" -v l="$limit" 'BEGIN { exit !(v > l) }'; then
        warn "$name is $value, above its target of $limit"
    fi
done <<<"$ratios"

# 5. The report: only from a complete run in which every program succeeded.
if ((complete)) && ((${#failed[@]} == 0)); then
    target_args=()
    for entry in "${targets[@]}"; do
        target_args+=(--target "$entry")
    done
    compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build_dir/CMakeCache.txt")
    commit=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
    [[ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]] && commit+=" with uncommitted changes"
    python3 "$root/build/bench_report.py" --results "$results_dir" --doc "$root/doc" \
        --compiler "$("${compiler:-c++}" --version | head -n 1)" --commit "$commit" \
        --modules "${modules[*]}" "${target_args[@]}"
elif ((complete)); then
    warn "doc/benchmarks.md left as it was: a program failed"
else
    echo "bench.sh: doc/benchmarks.md is written only by a complete run (build/bench.sh, no module named, no --quick)"
fi

if ((${#failed[@]} > 0)); then
    warn "failed: ${failed[*]}"
    exit 1
fi
