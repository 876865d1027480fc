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
};

}  // namespace lal::server
