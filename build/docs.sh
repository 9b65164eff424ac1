#!/usr/bin/env bash
#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# docs.sh [OUTPUT_DIR] — installs Doxygen and Graphviz if they are missing
# (build/setup.sh docs) and generates the reference from the header comments
# with doc/Doxyfile into OUTPUT_DIR/html (default doc/reference, which git
# ignores: the reference is generated, never committed). Fails, printing
# them, on any Doxygen warning.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
"$root/build/setup.sh" docs

out=$(realpath -m "${1:-doc/reference}")
rm -rf "$out/html"
mkdir -p "$out"
log="$out/doxygen-warnings.log"
FREETHREADING_DOC_OUT="$out" doxygen doc/Doxyfile 2>"$log" >/dev/null
if [[ -s "$log" ]]; then
    cat "$log" >&2
    echo "docs.sh: Doxygen warned $(wc -l <"$log") times (above); the reference is in $out/html" >&2
    exit 1
fi
rm -f "$log"
echo "reference: $out/html/index.html"
