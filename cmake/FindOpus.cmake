# SPDX-License-Identifier: MIT
# Finds libopus through pkg-config (Debian ships no CMake files for it) and
# defines the imported target Opus::opus, the name libopus's own CMake package
# uses. Installed beside lalConfig.cmake for lal::transcode.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_OPUS QUIET opus)
endif()
find_path(OPUS_INCLUDE_DIR opus/opus.h HINTS ${PC_OPUS_INCLUDE_DIRS})
find_library(OPUS_LIBRARY NAMES opus HINTS ${PC_OPUS_LIBRARY_DIRS})
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Opus REQUIRED_VARS OPUS_LIBRARY OPUS_INCLUDE_DIR)
if(Opus_FOUND AND NOT TARGET Opus::opus)
  add_library(Opus::opus UNKNOWN IMPORTED)
  set_target_properties(Opus::opus PROPERTIES
    IMPORTED_LOCATION "${OPUS_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${OPUS_INCLUDE_DIR}")
endif()
mark_as_advanced(OPUS_INCLUDE_DIR OPUS_LIBRARY)
