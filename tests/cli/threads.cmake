cmake_minimum_required(VERSION 3.20)
# The command line's --threads on a model large enough for the worker threads
# to take part (tests/cli/layered_model.py: 60,000 assets, above the 50,000
# from which a propagation shares its waves, and some 30 batches of
# single-point candidates): every command gives byte-identical output on 1, 2
# and every core (0). EXE is the command line, PYTHON an interpreter, WORK a
# scratch directory.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(model ${WORK}/layered.json)
execute_process(COMMAND ${PYTHON} ${ROOT}/tests/cli/layered_model.py ${model} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "layered_model.py failed (${rc}): ${err}")
endif()
set(commands
  "propagate\;${model}\;--format\;json"
  "propagate\;${model}\;--format\;csv"
  "report\;${model}\;--today\;2026-11-28"
  "spof\;${model}"
  "spof\;${model}\;--format\;csv"
  "spof\;${model}\;--format\;json\;--threshold\;4")
set(i 0)
foreach(cmd ${commands})
  math(EXPR i "${i} + 1")
  foreach(threads 1 2 0)
    execute_process(COMMAND ${EXE} ${cmd} --threads ${threads} RESULT_VARIABLE rc OUTPUT_FILE ${WORK}/${i}-${threads}
                    ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "'${cmd} --threads ${threads}' failed (${rc}): ${err}")
    endif()
  endforeach()
  file(SIZE ${WORK}/${i}-1 size)
  if(size LESS 1000)
    message(FATAL_ERROR "'${cmd}' wrote ${size} bytes: the model did not load as meant")
  endif()
  foreach(threads 2 0)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/${i}-1 ${WORK}/${i}-${threads} RESULT_VARIABLE same)
    if(NOT same EQUAL 0)
      message(FATAL_ERROR "'${cmd}' gave other output on --threads ${threads} than on 1 (${WORK}/${i}-*)")
    endif()
  endforeach()
endforeach()
file(REMOVE_RECURSE ${WORK}) # about 130 MB; kept where a command failed or differed
message(STATUS "${i} commands gave byte-identical output on 1, 2 and every core")
