#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Counts the dynamic symbols a shared library defines, demangled, that are not
# the API (names starting with PREFIX; symbol versions ignored). A
# std::vector<infoclass::...> instantiation counts as foreign.
#   check_exports.sh NM CXXFILT LIBRARY PREFIX
set -euo pipefail
nm=$1 cxxfilt=$2 lib=$3 prefix=$4
symbols=$("$nm" -D --defined-only "$lib" | "$cxxfilt" | cut -d' ' -f3- | sed 's/@.*//' | grep -v '^INFOCLASS_' || true)
total=$(printf '%s\n' "$symbols" | grep -c . || true)
foreign=$(printf '%s\n' "$symbols" | grep -v "^$prefix" | grep -c . || true)
printf '%s\n' "$symbols" | grep -v "^$prefix" | sed 's/^/  foreign: /' || true
echo "$lib: exported: $total, not infoclass's C API: $foreign"
[[ $foreign -eq 0 && $total -ge 25 ]]
