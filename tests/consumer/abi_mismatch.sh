#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A consumer built with the other libstdc++ string ABI must not link against
# the library (it would fail at run time instead); the same consumer built as
# the library was links and runs.
#   abi_mismatch.sh PREFIX LIBDIR SOURCE_DIR WORK_DIR
set -uo pipefail
prefix=$1 libdir=$2 src=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs infoclass) || exit 1
# shellcheck disable=SC2086
g++ -o "$work/same" "$src/main.cpp" $flags || { echo "the matching build does not link"; exit 1; }
"$work/same" || exit 1
# shellcheck disable=SC2086
if g++ -D_GLIBCXX_USE_CXX11_ABI=0 -o "$work/mismatch" "$src/main.cpp" $flags 2> "$work/link.txt"; then
  echo "a consumer built with -D_GLIBCXX_USE_CXX11_ABI=0 linked: the ABI is not in the symbols"
  exit 1
fi
grep -m1 -o "undefined reference to \`infoclass::abi_v[0-9_]*_cxx98::[^']*" "$work/link.txt" | head -1
echo "mismatched string ABI refused at link time"
