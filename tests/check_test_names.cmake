# SPDX-License-Identifier: Apache-2.0
# Fails if a doctest case name holds a ';': CTest cuts the name there, runs the
# doctest binary with a filter that matches no case, and reports a pass.
#   cmake -DDIR=<tests/unit> -P check_test_names.cmake
file(GLOB sources "${DIR}/*.cpp")
set(bad "")
foreach(source IN LISTS sources)
  file(STRINGS "${source}" lines REGEX "TEST_CASE\\(\"")
  foreach(line IN LISTS lines)
    if(line MATCHES "TEST_CASE\\(\"[^\"]*;")
      string(APPEND bad "\n  ${source}: ${line}")
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "test case names with ';' (CTest would run nothing for them):${bad}")
endif()
