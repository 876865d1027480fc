# SPDX-License-Identifier: MIT
# Standalone Asio (Debian libasio-dev) ships no CMake files: this module finds
# its header and defines the interface target asio::asio.
include(FindPackageHandleStandardArgs)
find_path(asio_INCLUDE_DIR NAMES asio.hpp)
if(asio_INCLUDE_DIR AND EXISTS "${asio_INCLUDE_DIR}/asio/version.hpp")
  file(STRINGS "${asio_INCLUDE_DIR}/asio/version.hpp" _asio_ver REGEX "#define ASIO_VERSION [0-9]+")
  string(REGEX MATCH "[0-9]+" _asio_ver "${_asio_ver}")
  if(_asio_ver)
    math(EXPR _major "${_asio_ver} / 100000")
    math(EXPR _minor "${_asio_ver} / 100 % 1000")
    math(EXPR _patch "${_asio_ver} % 100")
    set(asio_VERSION "${_major}.${_minor}.${_patch}")
  endif()
endif()
find_package_handle_standard_args(asio REQUIRED_VARS asio_INCLUDE_DIR VERSION_VAR asio_VERSION)
if(asio_FOUND AND NOT TARGET asio::asio)
  find_package(Threads REQUIRED)
  add_library(asio::asio INTERFACE IMPORTED)
  set_target_properties(asio::asio PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${asio_INCLUDE_DIR}"
    INTERFACE_COMPILE_DEFINITIONS "ASIO_STANDALONE;ASIO_NO_DEPRECATED"
    INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()
mark_as_advanced(asio_INCLUDE_DIR)
