#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Builds C++ consumers (every part; the engine alone) and a C consumer with nothing but the installed pkg-config files.
#   pkg_config.sh PREFIX LIBDIR SOURCE_DIR WORK_DIR
set -euo pipefail
prefix=$1 libdir=$2 src=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
echo "infoclass: $(pkg-config --modversion infoclass), $(pkg-config --cflags --libs infoclass)"
# shellcheck disable=SC2046
g++ -o "$work/consumer" "$src/main.cpp" $(pkg-config --cflags --libs infoclass)
echo -n "c++: " && "$work/consumer"
# The engine alone, with infoclass_core.pc.
# shellcheck disable=SC2046
g++ -o "$work/consumer_core" "$src/core.cpp" $(pkg-config --cflags --libs infoclass_core)
echo -n "c++ core: " && "$work/consumer_core"
# shellcheck disable=SC2046
gcc -std=c99 -Wall -Wextra -pedantic -Werror -o "$work/consumer_c" "$src/main.c" $(pkg-config --cflags --libs infoclass_c)
LD_LIBRARY_PATH="$prefix/$libdir" "$work/consumer_c"
