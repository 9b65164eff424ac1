#!/bin/sh
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# run_mpi.sh N PROGRAM [ARGS...] — runs PROGRAM as an MPI job of N ranks on
# this machine (loopback), as root and with more ranks than cores if need be,
# under a watchdog: a job still running after FREETHREADING_MPI_TIMEOUT
# seconds (default 120) is sent SIGTERM, which mpirun passes to its ranks,
# and SIGKILL 10 s later; the exit status is then 124 (timeout(1)). Under
# LeakSanitizer, open_mpi.supp keeps Open MPI's own leaks out of the report.
set -eu
if [ $# -lt 2 ]; then
    echo "usage: run_mpi.sh N PROGRAM [ARGS...]" >&2
    exit 2
fi
ranks=$1
shift
# Under LeakSanitizer (the asan preset), Open MPI's own leaks are not ours.
here=$(cd "$(dirname "$0")" && pwd)
# Its plugins are unloaded before the leak check and have no frame pointers,
# so only the slow unwinder sees the Open MPI frames the suppressions match.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/open_mpi.supp"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
exec timeout --kill-after=10 "${FREETHREADING_MPI_TIMEOUT:-120}" \
    mpirun --allow-run-as-root --oversubscribe --mca btl self,vader,tcp --mca btl_tcp_if_include lo \
    -np "$ranks" "$@"
