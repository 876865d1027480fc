# SPDX-License-Identifier: MIT
# Helpers that give every lal library the same shape: target lal_<name>, alias
# lal::<name>, public headers in include/, its own export set for packaging.

set(LAL_COMPONENTS "" CACHE INTERNAL "lal library components in dependency order")

function(lal_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
                         -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 at -O3 reports impossible overlaps inside libstdc++'s
    # operator+(const char*, std::string&&) (GCC bug 105329), and values held in
    # std::optional as maybe uninitialized (GCC bug 80635).
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-maybe-uninitialized)
    if(LAL_PRECOMPILE_HEADERS)
      # GCC 12 does not keep a header's #pragma GCC diagnostic in a precompiled
      # header: libstdc++'s char_traits.h silences these three around its
      # memcpy calls, and without that every "x" + std::string is reported.
      target_compile_options(${target} PRIVATE -Wno-stringop-overflow -Wno-stringop-overread -Wno-array-bounds)
    endif()
  endif()
  if(LAL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# Records a component, the lal components it depends on, and the external
# packages (fmt, asio, Threads) its installed config must find.
function(_lal_register_component name)
  cmake_parse_arguments(ARG "" "" "LAL_DEPENDS;PACKAGES" ${ARGN})
  set(comps ${LAL_COMPONENTS})
  list(APPEND comps ${name})
  set(LAL_COMPONENTS "${comps}" CACHE INTERNAL "")
  set(LAL_COMPONENT_${name}_DEPENDS "${ARG_LAL_DEPENDS}" CACHE INTERNAL "")
  set(LAL_COMPONENT_${name}_PACKAGES "${ARG_PACKAGES}" CACHE INTERNAL "")
endfunction()

# lal_add_library(<name> [INTERFACE] [SOURCES ...] [DEPENDS lal::x ...]
#                 [LINK other targets ...] [PACKAGES fmt asio Threads] [INCLUDE_DIR dir])
function(lal_add_library name)
  cmake_parse_arguments(ARG "INTERFACE" "INCLUDE_DIR" "SOURCES;DEPENDS;LINK;PACKAGES" ${ARGN})
  if(NOT ARG_INCLUDE_DIR)
    set(ARG_INCLUDE_DIR "${CMAKE_CURRENT_SOURCE_DIR}/include")
  endif()
  set(target lal_${name})
  if(ARG_INTERFACE)
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  else()
    add_library(${target} STATIC ${ARG_SOURCES})
    set(scope PUBLIC)
    lal_warnings(${target})
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    if("asio" IN_LIST ARG_PACKAGES)
      lal_precompile(${target} LAL_PCH_ASIO GROUP libs)
    else()
      lal_precompile(${target} LAL_PCH_STD GROUP libs)
    endif()
  endif()
  add_library(lal::${name} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  target_compile_features(${target} ${scope} cxx_std_20)
  target_include_directories(${target} ${scope}
    $<BUILD_INTERFACE:${ARG_INCLUDE_DIR}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  if(ARG_DEPENDS OR ARG_LINK)
    target_link_libraries(${target} ${scope} ${ARG_DEPENDS} ${ARG_LINK})
  endif()

  set(lal_deps "")
  foreach(dep IN LISTS ARG_DEPENDS)
    string(REPLACE "lal::" "" dep_name "${dep}")
    list(APPEND lal_deps ${dep_name})
  endforeach()
  _lal_register_component(${name} LAL_DEPENDS ${lal_deps} PACKAGES ${ARG_PACKAGES})

  if(LAL_INSTALL)
    install(TARGETS ${target} EXPORT lal-${name}-targets
            ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
            INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(DIRECTORY "${ARG_INCLUDE_DIR}/" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(EXPORT lal-${name}-targets NAMESPACE lal::
            FILE lal-${name}-targets.cmake
            DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/lal)
    # The same targets from the build tree, so a consumer can use an uninstalled lal.
    export(EXPORT lal-${name}-targets NAMESPACE lal::
           FILE "${PROJECT_BINARY_DIR}/lal-config/lal-${name}-targets.cmake")
  endif()
endfunction()

# lal_add_test(<name> SOURCES ... LINK ...): one Catch2 executable per library,
# each TEST_CASE registered with ctest.
function(lal_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LINK} lal_test_support Catch2::Catch2WithMain)
  lal_warnings(${name})
  # Catch2, and what else the test links of the server's headers (spdlog comes
  # with the server's config library) or Asio.
  if(LAL_PRECOMPILE_HEADERS)
    _lal_pch_flags(${name} pch_flags)
    if(pch_flags MATCHES "SPDLOG_COMPILED_LIB")
      lal_precompile(${name} LAL_PCH_TEST_SERVER GROUP tests)
    elseif(pch_flags MATCHES "ASIO_STANDALONE")
      lal_precompile(${name} LAL_PCH_TEST_ASIO GROUP tests)
    else()
      lal_precompile(${name} LAL_PCH_TEST GROUP tests)
    endif()
  endif()
  # Labels let `ctest -L lal_aac_tests` pick one executable's tests.
  catch_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES LABELS ${name})
endfunction()

# lal_add_example(<name> SOURCES ... LINK ...): a program that lands in bin/.
function(lal_add_example name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LINK})
  lal_warnings(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/bin")
  if(LAL_INSTALL)
    install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT server)  # in the .deb
  endif()
endfunction()
