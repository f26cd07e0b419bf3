cmake_minimum_required(VERSION 3.20)
# Runs every exporting command of EXE twice, in separate processes, on the
# example model and checks the outputs are byte-identical (WORK is a scratch
# directory).
set(model ${ROOT}/examples/municipality/model.json)
set(commands
  "report\;${model}\;--today\;2026-11-28"
  "report\;${model}\;--today\;2026-11-28\;--html\;@OUT@"
  "propagate\;${model}\;--format\;json"
  "propagate\;${model}\;--format\;csv"
  "export\;${model}\;--to\;json"
  "export\;${model}\;--to\;graphml"
  "export\;${model}\;--to\;dot"
  "export\;${model}\;--to\;archive\;-o\;@OUT@"
  "export\;${model}\;--to\;csv\;-o\;@OUT@")
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(i 0)
foreach(cmd ${commands})
  math(EXPR i "${i} + 1")
  foreach(run a b)
    set(out ${WORK}/${i}-${run})
    string(REPLACE "@OUT@" "${out}" args "${cmd}")
    execute_process(COMMAND ${EXE} ${args} RESULT_VARIABLE rc OUTPUT_FILE ${out}.stdout ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "'${args}' failed (${rc}): ${err}")
    endif()
  endforeach()
  foreach(suffix ".stdout" "" "/assets.csv" "/dependencies.csv")
    if(EXISTS ${WORK}/${i}-a${suffix} AND NOT IS_DIRECTORY ${WORK}/${i}-a${suffix})
      execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/${i}-a${suffix} ${WORK}/${i}-b${suffix}
                      RESULT_VARIABLE same)
      if(NOT same EQUAL 0)
        message(FATAL_ERROR "'${cmd}' gave different output on two runs (${i}-a${suffix})")
      endif()
    endif()
  endforeach()
endforeach()
message(STATUS "${i} commands gave byte-identical output twice")
