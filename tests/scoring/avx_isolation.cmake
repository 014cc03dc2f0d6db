# The AVX object files of pass 1 (src/scoring/pass1_avx2.cc, pass1_avx512.cc)
# must define nothing another file may also define, and run nothing at
# start-up: a weak symbol (an inline function or template instantiation, in a
# COMDAT group) could be the copy the linker keeps for every caller, and a
# static initialiser runs on every processor; either would execute AVX
# instructions on processors without them (src/scoring/pass1_block.h).
#
# cmake -DNM=nm -DOBJDUMP=objdump -DOBJECTS="a.o|b.o" -P avx_isolation.cmake
string(REPLACE "|" ";" objects "${OBJECTS}")
list(LENGTH objects count)
if(NOT count EQUAL 2)
  message(FATAL_ERROR "expected the 2 AVX object files of pass 1, got: ${OBJECTS}")
endif()
set(failures "")
foreach(object IN LISTS objects)
  execute_process(COMMAND ${NM} --defined-only -C ${object}
                  OUTPUT_VARIABLE symbols RESULT_VARIABLE nm_failed)
  if(nm_failed)
    message(FATAL_ERROR "${NM} failed on ${object}")
  endif()
  string(REPLACE "\n" ";" lines "${symbols}")
  set(kernels 0)
  foreach(line IN LISTS lines)
    # "address type name": V/v/W/w weak, u unique global.
    if(line MATCHES "^[0-9a-f]* ([VvWwu]) (.*)$")
      string(APPEND failures "\n  ${object}: ${CMAKE_MATCH_2} (nm type ${CMAKE_MATCH_1})")
    elseif(line MATCHES "^[0-9a-f]* T passerelle::scoring_internal::Pass1Avx(2|512)\\(")
      math(EXPR kernels "${kernels} + 1")
    elseif(line MATCHES "^[0-9a-f]* [A-Z] (.*)$")
      string(APPEND failures "\n  ${object}: ${CMAKE_MATCH_1} (a global symbol other than the kernel)")
    endif()
  endforeach()
  if(NOT kernels EQUAL 1)
    string(APPEND failures "\n  ${object}: does not define its kernel (Pass1Avx2 or Pass1Avx512)")
  endif()
  execute_process(COMMAND ${OBJDUMP} -h ${object} OUTPUT_VARIABLE sections)
  if(sections MATCHES "\\.(init_array|ctors|preinit_array)")
    string(APPEND failures "\n  ${object}: has a static initialiser (.${CMAKE_MATCH_1})")
  endif()
  if(sections MATCHES "\\.(text|rodata|data)\\.[^ \n]*_Z")
    string(APPEND failures "\n  ${object}: has a COMDAT section (.${CMAKE_MATCH_1}...)")
  endif()
endforeach()
if(failures)
  message(FATAL_ERROR "pass 1's AVX files share code with other files:${failures}")
endif()
message(STATUS "pass 1's AVX object files define their kernel alone and no static initialiser")
