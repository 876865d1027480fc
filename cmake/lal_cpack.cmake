# SPDX-License-Identifier: MIT
# The server's .deb: `cpack -G DEB` in the build folder (after building `all`)
# makes lal_<version>_<arch>.deb with the install component "server" only:
# lal and the tools in /usr/bin, the config as /etc/lal/lal.conf.json (a
# conffile), the systemd unit and the README. The libraries, headers and
# CMake package (the default component) stay out: they are for developers.
include(GNUInstallDirs)

install(FILES "${PROJECT_SOURCE_DIR}/conf/lal.conf.json" DESTINATION /etc/lal COMPONENT server)
install(FILES "${PROJECT_SOURCE_DIR}/packaging/lal.service" DESTINATION lib/systemd/system COMPONENT server)
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT server)

set(CPACK_PACKAGE_NAME lal)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "lal")
set(CPACK_PACKAGE_CONTACT "lal maintainers <lal@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "live-streaming server: RTMP, HTTP-FLV, HTTP-TS and HLS")
set(CPACK_PACKAGE_DESCRIPTION
    "lal takes live streams in and serves them out again, with an HTTP API compatible with lal-Go, notifications, hooks, IP access lists, Prometheus metrics and a web console.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_OUTPUT_FILE_PREFIX "")
set(CPACK_GENERATOR DEB)
set(CPACK_COMPONENTS_ALL server)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION video)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the shared libraries the binaries link (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/conffiles;${PROJECT_SOURCE_DIR}/packaging/postinst;${PROJECT_SOURCE_DIR}/packaging/prerm;${PROJECT_SOURCE_DIR}/packaging/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
