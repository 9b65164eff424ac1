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
# and SIGKILL 10 s later; the exit status is then 124 (timeout(1)).
set -eu
if [ $# -lt 2 ]; then
    echo "usage: run_mpi.sh N PROGRAM [ARGS...]" >&2
    exit 2
fi
ranks=$1
shift
exec timeout --kill-after=10 "${FREETHREADING_MPI_TIMEOUT:-120}" \
    mpirun --allow-run-as-root --oversubscribe --mca btl self,vader,tcp --mca btl_tcp_if_include lo \
    -np "$ranks" "$@"
