# SPDX-License-Identifier: MIT
# Finds libsrtp2 through pkg-config (it ships no CMake files) and defines the
# imported target srtp2::srtp2. Installed beside lalConfig.cmake.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_SRTP2 QUIET libsrtp2)
endif()
find_path(SRTP2_INCLUDE_DIR srtp2/srtp.h HINTS ${PC_SRTP2_INCLUDE_DIRS})
find_library(SRTP2_LIBRARY NAMES srtp2 HINTS ${PC_SRTP2_LIBRARY_DIRS})
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(srtp2 REQUIRED_VARS SRTP2_LIBRARY SRTP2_INCLUDE_DIR)
if(srtp2_FOUND AND NOT TARGET srtp2::srtp2)
  add_library(srtp2::srtp2 UNKNOWN IMPORTED)
  set_target_properties(srtp2::srtp2 PROPERTIES
    IMPORTED_LOCATION "${SRTP2_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SRTP2_INCLUDE_DIR}")
endif()
mark_as_advanced(SRTP2_INCLUDE_DIR SRTP2_LIBRARY)
