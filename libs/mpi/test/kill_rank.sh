#!/bin/sh
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# kill_rank.sh PROGRAM — runs kill_rank.cpp's program with 3 ranks under a
# 60 s watchdog. One of its tasks SIGKILLs the worker rank running it. Passes
# when the job ends before the watchdog, unsuccessfully, with what
# doc/scale-out.md tells the user to expect: mpirun's line naming the rank
# that died of signal 9, and no "the client got every result" line.
set -u
if [ $# -ne 1 ]; then
    echo "usage: kill_rank.sh PROGRAM" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
out=$(FREETHREADING_MPI_TIMEOUT=60 sh "$here/run_mpi.sh" 3 "$1" 2>&1)
status=$?
printf '%s\n' "$out"
if [ "$status" -eq 124 ]; then
    echo "kill_rank.sh: FAILED: the job hung until the watchdog" >&2
    exit 1
fi
if [ "$status" -eq 0 ]; then
    echo "kill_rank.sh: FAILED: the job succeeded although a worker rank was killed" >&2
    exit 1
fi
if printf '%s' "$out" | grep -q "client got every result"; then
    echo "kill_rank.sh: FAILED: the client saw no failure" >&2
    exit 1
fi
if ! printf '%s' "$out" | grep -Eq "rank [12] .*(exited on signal 9|killed)|broken_pool_error"; then
    echo "kill_rank.sh: FAILED: neither mpirun's report of the killed rank nor broken_pool_error was printed" >&2
    exit 1
fi
echo "kill_rank.sh: passed (exit status $status)"
