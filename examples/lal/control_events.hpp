// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace lal::server {

/// An RTMP connect command as lal-Go's on_rtmp_connect reports it.
struct rtmp_connect_info {
    std::string session_id;
    std::string remote_addr;
    std::string app;
    std::string flash_ver;
    std::string tc_url;
};

/// A segment the HLS service opened or closed, as lal-Go's on_hls_make_ts
/// reports it (pkg/hls muxer): the paths are empty when no file is written.
struct hls_make_ts_info {
    std::string event;  ///< "open" or "close"
    std::string stream_name;
    std::string cwd;  ///< the server's working folder (the paths may be relative to it)
    std::string ts_file;
    std::string live_m3u8_file;
    std::string record_m3u8_file;
    std::uint64_t id = 0;  ///< the segment's media sequence number
    double duration = 0;   ///< seconds; 0 at "open"
};

/// A recording file opened or closed (record_service): on_record_open and
/// on_record_close. A recording stopped by an error closes with `error` set.
struct record_file_info {
    std::string app_name;
    std::string stream_name;
    std::string format;  ///< "flv" or "ts"
    std::string file;    ///< the path as written (relative to the working folder when the out path is)
    double duration = 0;        ///< seconds of media in the file; 0 at open
    std::uint64_t bytes = 0;    ///< bytes written; 0 at open
    std::string error;          ///< why the recording stopped; empty for a normal close
};

/// Events of the protocol services that are not a session starting or
/// stopping (those go through the session directory). Called on the
/// session's worker; implementations must not block.
class control_events {
public:
    virtual ~control_events() = default;
    /// An RTMP client sent connect (RTMP spec 7.2.1.1).
    virtual void on_rtmp_connect(const rtmp_connect_info& /*info*/) {}
    /// The HLS segmenter opened or closed a segment (and wrote it, with files).
    virtual void on_hls_make_ts(const hls_make_ts_info& /*info*/) {}
    /// A recording opened a file.
    virtual void on_record_open(const record_file_info& /*info*/) {}
    /// A recording closed a file (at a split, its end, or an error).
    virtual void on_record_close(const record_file_info& /*info*/) {}
};

}  // namespace lal::server
