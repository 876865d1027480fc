# SPDX-License-Identifier: MIT
# Script mode (cmake -P): install, build the consumer against the install
# prefix and against the build tree, run it, and check that a component that
# does not exist fails with a message naming it.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
run(${CMAKE_COMMAND} --install "${LAL_BUILD_DIR}" --prefix "${prefix}")

foreach(mode installed build_tree)
  if(mode STREQUAL installed)
    set(where "-DCMAKE_PREFIX_PATH=${prefix}")
  else()
    set(where "-Dlal_DIR=${LAL_BUILD_DIR}/lal-config")
  endif()
  set(bdir "${WORK_DIR}/consumer-${mode}")
  run(${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${bdir}" "${where}"
      -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_CXX_FLAGS=${FLAGS}"
      "-DCMAKE_EXE_LINKER_FLAGS=${FLAGS}" "-DLAL_CONSUMER_TRANSCODE=${TRANSCODE}")
  run(${CMAKE_COMMAND} --build "${bdir}")
  run("${bdir}/lal_consumer" "${MEDIA}")
  if(NOT run_output MATCHES "video=250 audio=432 aac_rate=44100 width=640 height=360 ws_accept=s3pPLMBiTxaQ9kYGzzhZRbK\\+xOo= listen=\\[::1\\]:1935 hub_frames=[1-9][0-9]* routed=1 ts_frames=1")
    message(FATAL_ERROR "consumer printed an unexpected summary: ${run_output}")
  endif()
  if(NOT run_output MATCHES "hls_segments=[1-9][0-9]* ended=1")
    message(FATAL_ERROR "consumer printed no HLS summary: ${run_output}")
  endif()
  if(NOT run_output MATCHES "rtp_frames=1 sdp_tracks=2")
    message(FATAL_ERROR "consumer's lal::rtp/lal::sdp line is unexpected: ${run_output}")
  endif()
  if(NOT run_output MATCHES "rtsp_started=1 rtsp_frames=1")
    message(FATAL_ERROR "consumer's lal::rtsp line is unexpected: ${run_output}")
  endif()
  if(NOT run_output MATCHES "srt_stream=live/test srt_publish=1 srt_messages=2")
    message(FATAL_ERROR "consumer's lal::srt line is unexpected: ${run_output}")
  endif()
  if(NOT run_output MATCHES "hevc=hvc1.1.6.L60.90 322x242 av1=av01.0.00M.08 opus_channels=2")
    message(FATAL_ERROR "consumer's lal::hevc/lal::av1/lal::opus line is unexpected: ${run_output}")
  endif()
  if(NOT run_output MATCHES "fmp4_tracks=1 fmp4_tfdt=960 fmp4_duration=960")
    message(FATAL_ERROR "consumer's lal::fmp4 line is unexpected: ${run_output}")
  endif()
  if(NOT run_output MATCHES "rtsp_url=1 rtsp_pull_failed=1")
    message(FATAL_ERROR "consumer's lal::rtsp_asio line is unexpected: ${run_output}")
  endif()
  if(NOT run_output MATCHES "ice_nominated=1 stun_reply_verified=1")
    message(FATAL_ERROR "consumer's lal::stun/lal::webrtc line is unexpected: ${run_output}")
  endif()
  # 200 ms at 48 kHz in 1024-sample frames; ASC AAC-LC, 48 kHz, stereo.
  if(TRANSCODE AND NOT run_output MATCHES "transcode_aac_frames=10 asc=1190")
    message(FATAL_ERROR "consumer's lal::transcode line is unexpected: ${run_output}")
  endif()
  message(STATUS "${mode}: ${run_output}")
endforeach()

# A component that does not exist must fail configuration with a clear message.
execute_process(
  COMMAND ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/consumer-bad"
          "-DCMAKE_PREFIX_PATH=${prefix}" -DLAL_CONSUMER_COMPONENT=nosuchlib
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "find_package(lal COMPONENTS nosuchlib) was accepted")
endif()
if(NOT "${out}${err}" MATCHES "lal has no component 'nosuchlib'")
  message(FATAL_ERROR "unclear error for a missing component:\n${out}\n${err}")
endif()
