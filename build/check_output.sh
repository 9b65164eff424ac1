#!/bin/sh
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# check_output.sh EXPECTED COMMAND… — runs COMMAND and fails unless its
# standard output is exactly the contents of EXPECTED (used by b2 for the
# examples; CMake uses cmake/run_example.cmake).
expected=$1
shift
out=$("$@") || { echo "$*: exited with $?" >&2; exit 1; }
if [ "$out" != "$(cat "$expected")" ]; then
    printf '%s\nprinted:\n%s\nexpected:\n%s\n' "$*" "$out" "$(cat "$expected")" >&2
    exit 1
fi
printf '%s\n' "$out"
