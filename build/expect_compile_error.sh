#!/bin/sh
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# expect_compile_error.sh SOURCE STAMP COMPILER-COMMAND…
#
# The b2 side of a compile_fail/<name>.cpp test (CMake's is
# cmake/expect_compile_error.cmake, with the same rules): runs
# COMPILER-COMMAND, which compiles SOURCE with b2's flags, and writes STAMP
# only if the compiler rejects SOURCE and its output matches every
#   // expect-error: <regex>        somewhere in the output, and every
#   // expect-first-error: <regex>  in the first error: the output up to and
#                                   including the first line with ": error: "
#                                   (the instantiation context above it included).
# A regex is an extended regular expression matched within one line.
source=$1
stamp=$2
shift 2
rm -f "$stamp"

anywhere=$(sed -n 's|^// expect-error: ||p' "$source")
first=$(sed -n 's|^// expect-first-error: ||p' "$source")
if [ -z "$anywhere$first" ]; then
    echo "$source has no '// expect-error: <regex>' or '// expect-first-error: <regex>' line" >&2
    exit 1
fi

if out=$("$@" 2>&1); then
    echo "$source compiled, but it must be rejected" >&2
    exit 1
fi
first_error=$(printf '%s\n' "$out" | awk '{ print } /: error: / { exit }')

check() { # check WHERE TEXT REGEXES
    printf '%s\n' "$3" | while IFS= read -r regex; do
        [ -n "$regex" ] || continue
        if ! printf '%s\n' "$2" | grep -Eq -- "$regex"; then
            printf "%s failed to compile, but %s does not match '%s':\n%s\n" \
                "$source" "$1" "$regex" "$out" >&2
            exit 1
        fi
    done
}
check "the compiler's output" "$out" "$anywhere" || exit 1
check "the first error" "$first_error" "$first" || exit 1

echo "$source: rejected as expected" >"$stamp"
echo "$source: rejected as expected"
