#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# memcheck.sh — runs the core and sync test programs under Valgrind's
# memcheck, each once with FREETHREADING_BACKEND=threading and once with
# =multiprocessing, with --error-exitcode=1: an invalid read or write, a
# conditional jump on uninitialised memory, an invalid or mismatched free, or
# an overlapping copy fails the run. Forked children run under Valgrind too
# and report their own errors; the exit code that then replaces theirs fails
# the test case that waits for them.
#
# The programs are the default preset's build (Debug), in out/memcheck;
# logs go to out/memcheck/logs/. Valgrind's options and why:
#   --leak-check=no   a forked child's heap holds the parent's objects that
#                     only the parent's other threads point to (a running
#                     std::thread's state, say), which Valgrind calls
#                     "definitely lost" when the child exits; leaks are
#                     checked by LeakSanitizer in test.sh --sanitize, over
#                     the same programs.
#   --soname-synonyms=somalloc=nouserintercepts
#                     codec_error_test counts what operator new is asked for
#                     with its own operator new (over malloc); Valgrind would
#                     otherwise replace it in the program too.
#   --suppressions=build/memcheck.supp
#                     the false reports that remain (each entry says why).
# Programs left out, each for a reason Valgrind 3.19 (Debian 12's) cannot
# work around:
#   core.child_process_test, core.zygote_test — they start
#       processes through the library's spawner and zygote, which watch them
#       with pidfd_open, a system call Valgrind 3.19 does not know (ENOSYS);
#   core.fork_fresh_test — it counts the page faults a fork costs, and
#       Valgrind's own bookkeeping faults;
#   core.task_id_test — it starts a fresh copy of the program through
#       /proc/self/exe, which under Valgrind is Valgrind's own tool, which
#       refuses to run that way;
#   core.futex_test — it interrupts futex waits with SIGALRM to show they
#       resume; under Valgrind the signal kills the program instead of
#       reaching the test's handler;
#   core.segment_poison_test — it needs one of up to 200 SIGKILLs, sent
#       0.3–3 ms after a child starts, to land inside the allocator's lock;
#       under Valgrind a child spends those milliseconds translating code, so
#       whether one ever does is chance.
# --max-threads: robust_word_thread_test runs more threads at once than
# Valgrind's default table holds.
# Valgrind 3.19 does not know futex_waitv either: under it, the shared locks
# take the library's fallback path (robust pthread mutexes, DESIGN §6 (a)).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/build/setup.sh" memcheck

jobs=$(nproc)
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
build=$root/out/memcheck
logs=$build/logs

skipped='^(core_child_process_test|core_zygote_test|core_fork_fresh_test|core_task_id_test|core_futex_test|core_segment_poison_test)$'
mapfile -t programs < <(ls libs/core/test/*_test.cpp libs/sync/test/*_test.cpp |
                            sed -E 's|libs/([a-z]+)/test/([a-z_]+)\.cpp|\1_\2|' | grep -vE "$skipped")

echo "== memcheck: build ${#programs[@]} programs (preset default, out/memcheck)"
cmake --preset default -B "$build" >/dev/null
cmake --build "$build" -j "$jobs" --target "${programs[@]}"

# run_one PROGRAM BACKEND: prints "passed" or "FAILED", and the log's path.
run_one()
{
    local program=$1 backend=$2 module=${1%%_*}
    local log=$logs/$program.$backend.log
    if FREETHREADING_BACKEND=$backend valgrind --tool=memcheck --error-exitcode=1 --leak-check=no --max-threads=2000 \
        --child-silent-after-fork=no --soname-synonyms=somalloc=nouserintercepts \
        --suppressions="$MEMCHECK_ROOT/build/memcheck.supp" --quiet \
        "$MEMCHECK_BUILD/libs/$module/test/$program" >"$log" 2>&1; then
        echo "passed $program.$backend"
    else
        echo "FAILED $program.$backend ($log)"
    fi
}
export -f run_one
export MEMCHECK_ROOT=$root MEMCHECK_BUILD=$build logs

echo "== memcheck: ${#programs[@]} programs x 2 backends under valgrind ($jobs at a time)"
rm -rf "$logs"
mkdir -p "$logs"
results=$(for p in "${programs[@]}"; do printf '%s threading\n%s multiprocessing\n' "$p" "$p"; done |
              xargs -P "$jobs" -L 1 bash -c 'run_one "$0" "$1"' | tee /dev/stderr)
passed=$(grep -c '^passed' <<<"$results" || true)
failed=$(grep -c '^FAILED' <<<"$results" || true)
echo "memcheck: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
