# SPDX-License-Identifier: MIT
# Precompiled headers (LAL_PRECOMPILE_HEADERS=ON, as test.sh and build.sh
# build): the third-party and standard headers most translation units parse,
# compiled once per group of targets instead of once per file. Off by default
# so that a developer's build still reports a missing #include.
#
# A precompiled header is only usable by a compile with the same code
# generation flags: GCC and clang refuse one built at another -O level, with
# -fPIC against without, or with other sanitizers, and one built under another
# definition of a macro its headers read (ASIO_STANDALONE, _FILE_OFFSET_BITS).
# So each group below has one owner target that compiles the header, and the
# targets sharing its flags reuse it (REUSE_FROM). Definitions its headers do
# not read (LAL_TEST_DATA_DIR, LAL_HAVE_*) may differ.
#
# Every header is PRIVATE to the targets: none is exported, so a project that
# links the installed lal::* targets compiles as before (tests/install).
#
# Measured (CPU seconds of the same files compiled without and with, clean
# builds, 2-core machine): GCC 12 Release, 321 files 1446 s -> 929 s (-36%:
# libraries -36%, tests -42%, the server's files -20%), plus 95 s for its nine
# precompiled headers; clang-14 ASan+UBSan, 133 files 602 s -> 456 s (-24%:
# libraries -30%; the server's files gain little there, their ASan code
# generation is three quarters of their time).
# Each precompiled header costs 3-14 s, once per build.

# The standard headers most lal sources include (counted over libs/, tests/,
# examples/): containers, strings, error codes and time.
set(LAL_PCH_STD
  <algorithm> <array> <chrono> <cstddef> <cstdint> <deque> <functional> <map>
  <memory> <optional> <span> <string> <string_view> <system_error>
  <type_traits> <unordered_map> <utility> <variant> <vector>)

# Asio's core (context, sockets, timers, post, write): every *_asio library,
# the server and lalbench include these, and they are the largest part of
# their translation units' parse time (libs/rtmp/asio/src/server_connection.cpp:
# 34.5 s of 78.9 s under clang with ASan, traced with -ftime-trace).
set(LAL_PCH_ASIO ${LAL_PCH_STD}
  <asio/any_io_executor.hpp> <asio/io_context.hpp> <asio/ip/tcp.hpp>
  <asio/ip/udp.hpp> <asio/post.hpp> <asio/steady_timer.hpp> <asio/write.hpp>)

# The server (examples/lal): Asio, plus spdlog (log.hpp, in most of its files),
# fmt (spdlog's formatter) and nlohmann/json (the HTTP API and the config).
set(LAL_PCH_SERVER ${LAL_PCH_ASIO}
  <fmt/format.h> <spdlog/spdlog.h> <nlohmann/json.hpp>)

# lalbench: Asio, fmt (its reports) and nlohmann/json (its JSON report).
set(LAL_PCH_LALBENCH ${LAL_PCH_ASIO} <fmt/format.h> <nlohmann/json.hpp>)

# Catch2 v2's single header (18 000 lines) is in 153 test files.
set(LAL_PCH_TEST ${LAL_PCH_STD} <catch2/catch.hpp>)
set(LAL_PCH_TEST_ASIO ${LAL_PCH_ASIO} <catch2/catch.hpp>)
set(LAL_PCH_TEST_SERVER ${LAL_PCH_SERVER} <catch2/catch.hpp>)

# lal_precompile(<target> <list variable> GROUP <name>): with
# LAL_PRECOMPILE_HEADERS, gives <target> the headers of <list variable>. The
# first target of a group compiles them, the later ones reuse that header.
# Targets join the group only with the same macros and code generation options
# from the libraries they link (asio::asio's ASIO_STANDALONE, libsrt's
# _FILE_OFFSET_BITS...), so <name> need only tell apart the flags of the
# calling folders (tests at -O1, libraries with -fPIC, fuzzers'
# instrumentation). Runs at the end of the calling folder, where its imported
# targets are visible and every target_link_libraries call has been made.
function(lal_precompile target list)
  if(NOT LAL_PRECOMPILE_HEADERS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "GROUP" "" ${ARGN})
  # EVAL: a deferred call's arguments are read when it runs, these now.
  cmake_language(EVAL CODE
    "cmake_language(DEFER CALL _lal_precompile_now ${target} ${list} ${ARG_GROUP})")
endfunction()

# lal_precompile_flags(<target>): records the flags of a library that has no
# precompiled header but that targets of other folders link (its imported
# targets are not visible there).
function(lal_precompile_flags target)
  if(LAL_PRECOMPILE_HEADERS)
    cmake_language(EVAL CODE "cmake_language(DEFER CALL _lal_precompile_now ${target} \"\" \"\")")
  endif()
endfunction()

function(_lal_precompile_now target list group)
  _lal_pch_flags(${target} flags)
  set_property(TARGET ${target} PROPERTY LAL_PCH_FLAGS "${flags};")
  if(NOT list)
    return()
  endif()
  string(MD5 key "${flags}")
  string(SUBSTRING "${key}" 0 8 key)
  get_property(owner GLOBAL PROPERTY LAL_PCH_OWNER_${group}_${list}_${key})
  if(owner)
    target_precompile_headers(${target} REUSE_FROM ${owner})
  else()
    set_property(GLOBAL PROPERTY LAL_PCH_OWNER_${group}_${list}_${key} ${target})
    target_precompile_headers(${target} PRIVATE ${${list}})
  endif()
  if(LAL_PRECOMPILE_HEADERS_DEBUG)
    message(STATUS "pch ${target}: ${group}_${list}_${key} (${flags})")
  endif()
endfunction()

# _lal_pch_flags(<target> <out>): the definitions and non-warning options that
# <target> and the libraries it links (transitively) put on its compile lines,
# without lal's own LAL_*/LALBENCH_* definitions (paths, feature switches),
# which no precompiled header reads.
function(_lal_pch_flags target out)
  set(todo ${target})
  set(seen "")
  set(flags "")
  while(todo)
    list(POP_FRONT todo t)
    # $<LINK_ONLY:x> (static libraries' private links) names x too.
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" t "${t}")
    if(t IN_LIST seen OR NOT TARGET ${t})
      continue()
    endif()
    list(APPEND seen ${t})
    get_target_property(aliased ${t} ALIASED_TARGET)
    if(aliased)
      set(t ${aliased})
    endif()
    # A target of another folder whose flags were recorded there.
    get_target_property(recorded ${t} LAL_PCH_FLAGS)
    if(recorded AND NOT t STREQUAL target)
      list(APPEND flags ${recorded})
      continue()
    endif()
    set(props INTERFACE_COMPILE_DEFINITIONS INTERFACE_COMPILE_OPTIONS INTERFACE_LINK_LIBRARIES)
    if(t STREQUAL target)
      list(APPEND props COMPILE_DEFINITIONS COMPILE_OPTIONS LINK_LIBRARIES)
    endif()
    foreach(prop IN LISTS props)
      get_target_property(values ${t} ${prop})
      if(NOT values)
        continue()
      endif()
      if(prop MATCHES "LINK_LIBRARIES")
        list(APPEND todo ${values})
      else()
        list(FILTER values EXCLUDE REGEX "^(-W|(-D)?LAL)")
        list(APPEND flags ${values})
      endif()
    endforeach()
  endwhile()
  list(FILTER flags EXCLUDE REGEX "^$")
  list(REMOVE_DUPLICATES flags)
  list(SORT flags)
  set(${out} "${flags}" PARENT_SCOPE)
endfunction()
