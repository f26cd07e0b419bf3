# SPDX-License-Identifier: Apache-2.0
# Writes OUT, a C++ source defining infoclass::detail::NAME() (default
# embedded_example) returning the file IN, as a byte array (no limits on
# literal length, no charset issues).
if(NOT DEFINED NAME)
  set(NAME embedded_example)
endif()
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT}.tmp
  "// Generated from ${IN}; do not edit.\n#include <string_view>\n#include \"infoclass/version.hpp\"\n"
  "namespace infoclass::inline INFOCLASS_ABI::detail {\nstd::string_view ${NAME}() {\n"
  "  static const unsigned char bytes[] = {\n${bytes}0};\n"
  "  return {reinterpret_cast<const char*>(bytes), sizeof(bytes) - 1};\n}\n"
  "} // namespace infoclass::detail\n")
file(RENAME ${OUT}.tmp ${OUT})
