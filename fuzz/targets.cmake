# SPDX-License-Identifier: MIT
# Sets LAL_FUZZ_TARGETS to the target names listed in fuzz/targets.txt.
file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/targets.txt" _lal_fuzz_lines REGEX "^[a-z]")
set(LAL_FUZZ_TARGETS "")
foreach(_line IN LISTS _lal_fuzz_lines)
  string(REGEX MATCH "^[a-z0-9_]+" _name "${_line}")
  list(APPEND LAL_FUZZ_TARGETS ${_name})
endforeach()
set(LAL_FUZZ_DIR "${CMAKE_CURRENT_LIST_DIR}")

# Sets OUT to whether target NAME can be built here: some need a library that
# CMake skips when its system dependency is missing.
function(lal_fuzz_target_available name out)
  set(ok TRUE)
  if(name MATCHES "^transcode_" AND NOT TARGET lal_transcode)
    set(ok FALSE)  # libavcodec or libopus missing
  elseif(name MATCHES "^(h3_frames|wt_session)$" AND NOT TARGET lal_h3)
    set(ok FALSE)  # libnghttp3 missing
  elseif(name STREQUAL "quic_server" AND NOT TARGET lal_quic)
    set(ok FALSE)  # ngtcp2 or GnuTLS missing
  endif()
  set(${out} ${ok} PARENT_SCOPE)
endfunction()

# Links EXE, the libFuzzer or replay executable of target NAME, with the libraries.
function(lal_fuzz_link exe name)
  target_link_libraries(${exe} PRIVATE lal::aac lal::avc lal::hevc lal::av1 lal::opus lal::vp9 lal::fmp4 lal::flv
                        lal::rtmp lal::http lal::httpflv lal::rtp lal::sdp lal::hls lal::mpegts lal::rtsp lal::srt
                        lal::net lal::stun lal::webrtc lal::moqt $<TARGET_NAME_IF_EXISTS:lal_h3>
                        $<TARGET_NAME_IF_EXISTS:lal_quic>)
  if(name MATCHES "^transcode_")
    target_link_libraries(${exe} PRIVATE lal::transcode)
  endif()
endfunction()
