# Writes OUTPUT, a C++ source defining BuiltinRegions() with the contents of
# every file in REGIONS_DIR/*.csv as raw string literals (run with cmake -P).
file(GLOB _files "${REGIONS_DIR}/*.csv")
list(SORT _files)
set(_body "")
set(_table "")
set(_i 0)
foreach(_f IN LISTS _files)
  get_filename_component(_name "${_f}" NAME_WE)
  file(READ "${_f}" _text)
  string(FIND "${_text}" ")pr_region\"" _clash)
  if(NOT _clash EQUAL -1)
    message(FATAL_ERROR "${_f} contains the raw-string delimiter")
  endif()
  string(APPEND _body "const char kRegion${_i}[] = R\"pr_region(${_text})pr_region\";\n")
  string(APPEND _table "    {\"${_name}\", kRegion${_i}},\n")
  math(EXPR _i "${_i} + 1")
endforeach()
if(_i EQUAL 0)
  message(FATAL_ERROR "no region file in ${REGIONS_DIR}")
endif()
set(_source "// Generated from data/regions/*.csv by embed_regions.cmake; do not edit.
#include \"region_data.h\"

namespace passerelle::synthetic::internal {
namespace {
${_body}
const BuiltinRegion kBuiltinRegions[] = {
${_table}};
}  // namespace

std::span<const BuiltinRegion> BuiltinRegions() { return kBuiltinRegions; }

}  // namespace passerelle::synthetic::internal
")
# Rewrite only on change, so dependants do not rebuild needlessly.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" _old)
  if(_old STREQUAL _source)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${_source}")
