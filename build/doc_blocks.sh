#!/bin/sh
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# doc_blocks.sh OUT-DIR DOCUMENT... — writes every block fenced ```cpp in the
# documents to OUT-DIR/doc_<stem>_<n>.cpp (stem: the document's file name
# without extension, lower case; n from 1 in each document) and prints the
# paths, one a line. A file whose text is unchanged is not rewritten (its
# program is not rebuilt). Both build systems call it: CMake when it
# configures (example/CMakeLists.txt), b2 when it reads example/Jamfile.
# Fragments are fenced ```c++ and left alone. A ```cpp block without its
# closing fence is an error (exit 1).
set -eu
out=$1
shift
mkdir -p "$out"
for document in "$@"; do
    stem=$(basename "$document" | sed 's/\.[^.]*$//' | tr 'A-Z' 'a-z')
    awk -v out="$out" -v stem="$stem" -v doc="$document" '
        /^```cpp$/ { n++; inside = 1; file = out "/doc_" stem "_" n ".cpp.new"; printf "" > file; next }
        inside && /^```/ { inside = 0; close(file); next }
        inside { print > file }
        END { if (inside) { print doc ": a ```cpp block does not end" > "/dev/stderr"; exit 1 } }
    ' "$document"
    for old in "$out"/doc_"$stem"_*.cpp; do # blocks the document no longer has
        [ -e "$old.new" ] || rm -f "$old"
    done
    for new in "$out"/doc_"$stem"_*.cpp.new; do
        [ -e "$new" ] || continue
        file=${new%.new}
        if [ -f "$file" ] && cmp -s "$new" "$file"; then rm -f "$new"; else mv -f "$new" "$file"; fi
        echo "$file"
    done
done
