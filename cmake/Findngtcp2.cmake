# SPDX-License-Identifier: MIT
# Finds ngtcp2 with its GnuTLS crypto backend, and GnuTLS, through pkg-config,
# and defines the imported target ngtcp2::ngtcp2 carrying all three (lal::quic
# needs them together). Installed beside lalConfig.cmake.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_NGTCP2 QUIET libngtcp2)
  pkg_check_modules(PC_NGTCP2_CRYPTO QUIET libngtcp2_crypto_gnutls)
  pkg_check_modules(PC_GNUTLS QUIET gnutls)
endif()
find_path(NGTCP2_INCLUDE_DIR ngtcp2/ngtcp2_crypto_gnutls.h HINTS ${PC_NGTCP2_INCLUDE_DIRS})
find_path(GNUTLS_INCLUDE_DIR gnutls/gnutls.h HINTS ${PC_GNUTLS_INCLUDE_DIRS})
find_library(NGTCP2_LIBRARY NAMES ngtcp2 HINTS ${PC_NGTCP2_LIBRARY_DIRS})
find_library(NGTCP2_CRYPTO_LIBRARY NAMES ngtcp2_crypto_gnutls HINTS ${PC_NGTCP2_CRYPTO_LIBRARY_DIRS})
find_library(GNUTLS_LIBRARY NAMES gnutls HINTS ${PC_GNUTLS_LIBRARY_DIRS})
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(ngtcp2 REQUIRED_VARS NGTCP2_LIBRARY NGTCP2_CRYPTO_LIBRARY GNUTLS_LIBRARY
                                  NGTCP2_INCLUDE_DIR GNUTLS_INCLUDE_DIR)
if(ngtcp2_FOUND AND NOT TARGET ngtcp2::ngtcp2)
  add_library(ngtcp2::ngtcp2 INTERFACE IMPORTED)
  set_target_properties(ngtcp2::ngtcp2 PROPERTIES
    INTERFACE_LINK_LIBRARIES "${NGTCP2_CRYPTO_LIBRARY};${NGTCP2_LIBRARY};${GNUTLS_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${NGTCP2_INCLUDE_DIR};${GNUTLS_INCLUDE_DIR}")
endif()
mark_as_advanced(NGTCP2_INCLUDE_DIR GNUTLS_INCLUDE_DIR NGTCP2_LIBRARY NGTCP2_CRYPTO_LIBRARY GNUTLS_LIBRARY)
