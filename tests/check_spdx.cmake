# SPDX-License-Identifier: Apache-2.0
# Every source file of the repository carries the licence's SPDX line.
#   cmake -DROOT=<source dir> -P check_spdx.cmake
set(missing "")
file(GLOB_RECURSE files RELATIVE ${ROOT}
  ${ROOT}/include/*.hpp ${ROOT}/include/*.h ${ROOT}/src/*.cpp ${ROOT}/src/*.hpp ${ROOT}/src/*.h
  ${ROOT}/python/*.py ${ROOT}/python/*.pyi ${ROOT}/python/*.cpp ${ROOT}/python/*.hpp
  ${ROOT}/tests/*.cpp ${ROOT}/tests/*.hpp ${ROOT}/tests/*.c ${ROOT}/tests/*.py ${ROOT}/tests/*.cmake
  ${ROOT}/bench/*.cpp ${ROOT}/bench/*.hpp ${ROOT}/bench/*.py ${ROOT}/examples/*.cpp ${ROOT}/examples/*.py
  ${ROOT}/cmake/*.cmake ${ROOT}/cmake/*.in ${ROOT}/*CMakeLists.txt ${ROOT}/scripts/*
  ${ROOT}/js/*.mjs ${ROOT}/js/*.ts ${ROOT}/js/*.mts ${ROOT}/src/*.map ${ROOT}/explorer/*)
set(count 0)
foreach(f ${files})
  if(f MATCHES "^tests/(fuzz/corpus|fuzz/regressions|data|cli)/")
    continue()
  endif()
  math(EXPR count "${count} + 1")
  file(STRINGS ${ROOT}/${f} head LIMIT_COUNT 3)
  if(NOT head MATCHES "SPDX-License-Identifier: Apache-2.0")
    list(APPEND missing ${f})
  endif()
endforeach()
if(missing)
  list(JOIN missing "\n  " text)
  message(FATAL_ERROR "files without 'SPDX-License-Identifier: Apache-2.0' in their first lines:\n  ${text}")
endif()
if(NOT EXISTS ${ROOT}/LICENSE)
  message(FATAL_ERROR "LICENSE is missing")
endif()
message(STATUS "licence: ${count} source files carry the SPDX line")
