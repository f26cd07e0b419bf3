# SPDX-License-Identifier: Apache-2.0
# The operating system is called from one file only (src/support/files.cpp):
# no other source includes a POSIX header.
#   cmake -DROOT=<source dir> -P check_posix.cmake
file(GLOB_RECURSE files RELATIVE ${ROOT} ${ROOT}/src/*.cpp ${ROOT}/src/*.hpp ${ROOT}/include/*.hpp ${ROOT}/include/*.h)
set(found "")
foreach(f ${files})
  if(f STREQUAL "src/support/files.cpp")
    continue()
  endif()
  file(STRINGS ${ROOT}/${f} lines REGEX "#include <(unistd|fcntl|sys/[a-z]+|dirent|pthread)\\.h>")
  if(lines)
    list(APPEND found "${f}: ${lines}")
  endif()
endforeach()
if(found)
  list(JOIN found "\n  " text)
  message(FATAL_ERROR "POSIX headers outside src/support/files.cpp:\n  ${text}")
endif()
message(STATUS "posix: only src/support/files.cpp calls the operating system")
