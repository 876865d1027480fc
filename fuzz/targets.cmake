# SPDX-License-Identifier: MIT
# Sets LAL_FUZZ_TARGETS to the target names listed in fuzz/targets.txt.
file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/targets.txt" _lal_fuzz_lines REGEX "^[a-z]")
set(LAL_FUZZ_TARGETS "")
foreach(_line IN LISTS _lal_fuzz_lines)
  string(REGEX MATCH "^[a-z0-9_]+" _name "${_line}")
  list(APPEND LAL_FUZZ_TARGETS ${_name})
endforeach()
set(LAL_FUZZ_DIR "${CMAKE_CURRENT_LIST_DIR}")
