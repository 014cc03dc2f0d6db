# Helpers shared by src/, tests/ and bench/.
#
# passerelle_add_module(NAME SOURCES ... [DEPENDS mod ...] [LIBS lib ...])
#   Creates OBJECT library `passerelle_<NAME>` and records it as part of the
#   installed `passerelle` library. DEPENDS names other modules (their usage
#   requirements propagate; their objects are added to tests that need them).
#
# passerelle_add_test(NAME SOURCES ... MODULES mod ... [LIBS lib ...] [ARGS ...])
#   A GoogleTest executable linking the objects of MODULES and of everything
#   they depend on, registered with CTest. A module's tests therefore build even
#   while an unrelated module is broken.

function(passerelle_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;LIBS" ${ARGN})
  add_library(passerelle_${name} OBJECT ${ARG_SOURCES})
  target_include_directories(passerelle_${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PASSERELLE_PROTO_INCLUDE_DIR}>)
  target_compile_features(passerelle_${name} PUBLIC cxx_std_20)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(passerelle_${name} PRIVATE -Wall -Wextra)
  endif()
  foreach(dep IN LISTS ARG_DEPENDS)
    target_link_libraries(passerelle_${name} PUBLIC passerelle_${dep})
  endforeach()
  target_link_libraries(passerelle_${name} PUBLIC ${ARG_LIBS})
  set_property(GLOBAL APPEND PROPERTY PASSERELLE_MODULES ${name})
  set_property(GLOBAL PROPERTY PASSERELLE_MODULE_DEPS_${name} ${ARG_DEPENDS})
endfunction()

# Transitive closure of module dependencies, in `out`.
function(passerelle_module_closure out)
  set(result "")
  set(todo ${ARGN})
  while(todo)
    list(POP_FRONT todo m)
    if(NOT m IN_LIST result)
      list(APPEND result ${m})
      get_property(deps GLOBAL PROPERTY PASSERELLE_MODULE_DEPS_${m})
      list(APPEND todo ${deps})
    endif()
  endwhile()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

# Links the objects of `modules` (and their dependencies) into `target`.
function(passerelle_link_modules target)
  passerelle_module_closure(mods ${ARGN})
  foreach(m IN LISTS mods)
    target_sources(${target} PRIVATE $<TARGET_OBJECTS:passerelle_${m}>)
    target_link_libraries(${target} PRIVATE passerelle_${m})
  endforeach()
endfunction()

function(passerelle_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;MODULES;LIBS;ARGS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  passerelle_link_modules(${name} ${ARG_MODULES})
  target_link_libraries(${name} PRIVATE GTest::gtest GTest::gtest_main ${ARG_LIBS})
  add_test(NAME ${name} COMMAND ${name} ${ARG_ARGS})
endfunction()
