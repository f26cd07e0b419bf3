#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A core-only consumer of an installed infoclass: configured without
# pkg-config (CMAKE_DISABLE_FIND_PACKAGE_PkgConfig, so that a package looking
# for Graphviz fails), built, run; its binary must need none of the libraries
# of the other parts (readelf -d).
#   core_only.sh PREFIX SOURCE_DIR WORK_DIR GENERATOR [extra cmake options]
set -euo pipefail
prefix=$1 src=$2 work=$3 generator=$4
shift 4
rm -rf "$work" && mkdir -p "$work"
cmake -S "$src/core" -B "$work" -G "$generator" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON "$@" >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
cmake --build "$work" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
"$work/consumer_core"
needed=$(readelf -d "$work/consumer_core" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
echo "consumer_core NEEDED: $needed"
for lib in boost_serialization fyaml gvc cgraph zip pugixml yaml-cpp; do
  if [[ " $needed" == *" lib$lib"* ]]; then
    echo "the core-only consumer needs lib$lib"
    exit 1
  fi
done
echo "core-only consumer needs none of the other parts' libraries"
