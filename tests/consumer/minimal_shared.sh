#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# infoclass built shared, without YAML, archives and SVG, and installed:
#  - the shared libraries export only infoclass's API: the demangled dynamic
#    symbols they define are counted, and those that are not infoclass's
#    (std::vector<infoclass::asset>, boost::, nlohmann::) must be zero;
#  - libinfoclass_core needs none of the other parts' libraries (readelf -d);
#  - a core-only consumer builds against it, and the io parts left out say
#    which option builds them.
#   minimal_shared.sh SOURCE_DIR CONSUMER_DIR WORK_DIR GENERATOR
set -euo pipefail
source_dir=$1 consumer=$2 work=$3 generator=$4
rm -rf "$work" && mkdir -p "$work"
cmake -S "$source_dir" -B "$work/build" -G "$generator" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
  -DINFOCLASS_WITH_YAML=OFF -DINFOCLASS_WITH_ARCHIVE=OFF -DINFOCLASS_WITH_SVG=OFF \
  -DINFOCLASS_TESTS=OFF -DINFOCLASS_CLI=OFF -DINFOCLASS_PYTHON=OFF -DINFOCLASS_BENCH=OFF -DINFOCLASS_WASM=OFF \
  -DINFOCLASS_INSTALL=ON >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j 2 >"$work/build.log" 2>&1 || { tail -50 "$work/build.log"; exit 1; }
cmake --install "$work/build" --prefix "$work/prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
libdir=$(find "$work/prefix" -name 'libinfoclass_core.so' -printf '%h\n' | head -1)

status=0
for lib in infoclass_core infoclass_io infoclass_c; do
  so="$libdir/lib$lib.so"
  nm -D --defined-only -C "$so" | sed 's/^[0-9a-f]* [A-Za-z] //' | sed 's/@.*//' | sort -u >"$work/$lib.symbols"
  total=$(wc -l <"$work/$lib.symbols")
  # infoclass's API: names in namespace infoclass (and their type information)
  # and, for the C API, the infoclass_* functions; the version node itself.
  grep -v -E '^(infoclass::|typeinfo for infoclass::|typeinfo name for infoclass::|vtable for infoclass::|VTT for infoclass::|guard variable for infoclass::|infoclass_[a-z_0-9]+$|INFOCLASS_)' \
    "$work/$lib.symbols" >"$work/$lib.foreign" || true
  foreign=$(wc -l <"$work/$lib.foreign")
  detail=$(grep -c '::detail::' "$work/$lib.symbols" || true)
  echo "lib$lib.so: $total exported symbols, $foreign foreign, $detail in infoclass::detail"
  if [ "$foreign" -ne 0 ]; then
    head -20 "$work/$lib.foreign"
    status=1
  fi
  echo "  $(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/SONAME \1/p')," \
       "NEEDED: $(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
done
for lib in boost_serialization fyaml gvc cgraph zip pugixml; do
  if readelf -d "$libdir/libinfoclass_core.so" | grep -q "lib$lib"; then
    echo "libinfoclass_core.so needs lib$lib"
    status=1
  fi
done
[ "$status" -eq 0 ] || exit 1

bash "$(dirname "$0")/core_only.sh" "$work/prefix" "$consumer" "$work/consumer" "$generator" -DINFOCLASS_CONSUMER_IO=ON
"$work/consumer/consumer_io"
