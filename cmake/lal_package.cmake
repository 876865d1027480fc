# SPDX-License-Identifier: MIT
# Install rules for lalConfig.cmake: it knows every component, the lal
# components each one needs and the external packages to find for it.
include(CMakePackageConfigHelpers)

set(LAL_CONFIG_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/lal)

set(_table "")
foreach(comp IN LISTS LAL_COMPONENTS)
  string(APPEND _table "set(_lal_${comp}_depends \"${LAL_COMPONENT_${comp}_DEPENDS}\")\n")
  string(APPEND _table "set(_lal_${comp}_packages \"${LAL_COMPONENT_${comp}_PACKAGES}\")\n")
endforeach()
set(LAL_COMPONENT_TABLE "${_table}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/lalConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/lal-config/lalConfig.cmake"
  INSTALL_DESTINATION ${LAL_CONFIG_INSTALL_DIR})
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/lal-config/lalConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
configure_file("${PROJECT_SOURCE_DIR}/cmake/Findasio.cmake"
               "${PROJECT_BINARY_DIR}/lal-config/Findasio.cmake" COPYONLY)
foreach(_find srtp2 LibAV Opus nghttp3 ngtcp2)
  configure_file("${PROJECT_SOURCE_DIR}/cmake/Find${_find}.cmake"
                 "${PROJECT_BINARY_DIR}/lal-config/Find${_find}.cmake" COPYONLY)
endforeach()

install(FILES
  "${PROJECT_BINARY_DIR}/lal-config/lalConfig.cmake"
  "${PROJECT_BINARY_DIR}/lal-config/lalConfigVersion.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/Findasio.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/Findsrtp2.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/FindLibAV.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/FindOpus.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/Findnghttp3.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/Findngtcp2.cmake"
  DESTINATION ${LAL_CONFIG_INSTALL_DIR})
