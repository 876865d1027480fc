# SPDX-License-Identifier: MIT
# Finds FFmpeg's audio libraries (libavcodec, libavutil, libswresample) through
# pkg-config, which is how Debian ships them, and defines the imported targets
# LibAV::avcodec, LibAV::avutil and LibAV::swresample. Installed beside
# lalConfig.cmake for lal::transcode.
find_package(PkgConfig QUIET)
set(_lal_libav_vars "")
foreach(_lib avcodec avutil swresample)
  if(PkgConfig_FOUND)
    pkg_check_modules(PC_LIBAV_${_lib} QUIET lib${_lib})
  endif()
  find_path(LIBAV_${_lib}_INCLUDE_DIR lib${_lib}/version.h HINTS ${PC_LIBAV_${_lib}_INCLUDE_DIRS})
  find_library(LIBAV_${_lib}_LIBRARY NAMES ${_lib} HINTS ${PC_LIBAV_${_lib}_LIBRARY_DIRS})
  list(APPEND _lal_libav_vars LIBAV_${_lib}_LIBRARY LIBAV_${_lib}_INCLUDE_DIR)
  mark_as_advanced(LIBAV_${_lib}_INCLUDE_DIR LIBAV_${_lib}_LIBRARY)
endforeach()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibAV REQUIRED_VARS ${_lal_libav_vars})
if(LibAV_FOUND)
  foreach(_lib avcodec avutil swresample)
    if(NOT TARGET LibAV::${_lib})
      add_library(LibAV::${_lib} UNKNOWN IMPORTED)
      set_target_properties(LibAV::${_lib} PROPERTIES
        IMPORTED_LOCATION "${LIBAV_${_lib}_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${LIBAV_${_lib}_INCLUDE_DIR}")
    endif()
  endforeach()
endif()
