#!/bin/sh
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# check_output.sh EXPECTED COMMAND… — runs COMMAND, prints its standard
# output, and fails unless the command exits 0 and its output matches the
# file EXPECTED. The examples' tests (CMake and b2) and build/quickstart.sh
# run every example through it.
#
# EXPECTED is the output line by line, unless its first line is one of these,
# for output that parallel work prints in an order that varies from run to
# run (a paragraph is a run of lines between blank lines):
#
#   # any order: lines within each paragraph
#       the paragraphs come in the order given; the lines of each one may
#       come in any order (a paragraph of 3 lines matches the next 3 lines
#       printed, whatever their order);
#   # any order: paragraphs
#       each paragraph comes whole, its lines in the order given, and the
#       paragraphs may come in any order;
#   # each line a pattern
#       the lines come in the order given, and each expected line is a POSIX
#       extended regular expression that the whole printed line must match
#       (for a name that varies, such as which pool worker ran a task).
expected=$1
shift
[ -r "$expected" ] || { echo "check_output.sh: cannot read the expected output '$expected'" >&2; exit 2; }

out=$("$@")
status=$?
if [ $status -ne 0 ]; then
    printf '%s\n' "$out"
    echo "$*: exited with $status" >&2
    exit 1
fi
printf '%s\n' "$out"

# awk reads the expected file first (NR == FNR), then the output.
printf '%s\n' "$out" | awk '
function fail(why) { print "mismatch: " why > "/dev/stderr"; bad = 1; exit 1 }
# Places the unused paragraphs, whole, from output line pos on: 1 if all fit.
function place(pos,    p, i, ok) {
    if (pos > nout) return 1
    for (p = 1; p <= npar; p++) {
        if (used[p] || pos + plen[p] - 1 > nout) continue
        ok = 1
        for (i = 0; i < plen[p] && ok; i++) ok = (out[pos + i] == want[pstart[p] + i])
        if (!ok) continue
        used[p] = 1
        if (place(pos + plen[p])) return 1
        used[p] = 0
    }
    return 0
}
NR == FNR {
    if (FNR == 1 && $0 == "# each line a pattern") {
        mode = "pattern"
        next
    }
    if (FNR == 1 && $0 ~ /^# any order: /) {
        mode = substr($0, 14)
        if (mode != "lines within each paragraph" && mode != "paragraphs")
            fail("unknown mode \"" $0 "\" in " FILENAME)
        next
    }
    want[++nwant] = $0
    next
}
{ out[++nout] = $0 }
END {
    if (bad) exit 1
    if (mode == "" || mode == "pattern") {
        if (nout != nwant) fail(nout " lines printed, " nwant " expected")
        for (i = 1; i <= nwant; i++) {
            if (mode == "" && out[i] != want[i]) fail("line " i " is \"" out[i] "\", expected \"" want[i] "\"")
            if (mode == "pattern" && out[i] !~ ("^(" want[i] ")$"))
                fail("line " i " is \"" out[i] "\", which does not match \"" want[i] "\"")
        }
        exit 0
    }
    # Paragraphs of the expected output (blank lines separate them).
    total = 0
    for (i = 1; i <= nwant; i++) {
        if (want[i] == "") continue
        if (i == 1 || want[i - 1] == "") pstart[++npar] = i
        plen[npar]++
        total++
    }
    if (nout != total) fail(nout " lines printed, " total " expected")
    if (mode == "paragraphs") {
        if (!place(1)) fail("the output is not the expected paragraphs in some order")
        exit 0
    }
    pos = 1
    for (p = 1; p <= npar; p++) {
        split("", count)
        for (i = 0; i < plen[p]; i++) { count[want[pstart[p] + i]]++; count[out[pos + i]]-- }
        for (line in count)
            if (count[line] != 0)
                fail("lines " pos "-" (pos + plen[p] - 1) " are not paragraph " p " in some order (\"" line "\")")
        pos += plen[p]
    }
}' "$expected" - || {
    printf '%s\nprinted:\n%s\nexpected:\n%s\n' "$*" "$out" "$(cat "$expected")" >&2
    exit 1
}
