# SPDX-License-Identifier: Apache-2.0
# Preprocesses each public header that must stay free of Boost on its own and
# fails if any Boost header is pulled in. -DCXX, -DINCLUDE, -DBUILD_INCLUDE.
foreach(header infoclass/model.hpp infoclass/assessment.hpp infoclass/classification.hpp infoclass/scheme.hpp)
  execute_process(COMMAND ${CXX} -std=c++20 -x c++ -E -H -I${INCLUDE} -I${BUILD_INCLUDE} ${INCLUDE}/${header}
                  OUTPUT_QUIET ERROR_VARIABLE included RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${header} does not preprocess on its own:\n${included}")
  endif()
  string(REGEX MATCHALL "[^\n]*/boost/[^\n]*" boost_headers "${included}")
  if(boost_headers)
    list(GET boost_headers 0 first)
    message(FATAL_ERROR "${header} includes a Boost header: ${first}")
  endif()
  message(STATUS "${header}: no Boost header")
endforeach()
