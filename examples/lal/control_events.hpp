// SPDX-License-Identifier: MIT
#pragma once

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

/// Events of the protocol services that are not a session starting or
/// stopping (those go through the session directory). Called on the
/// session's worker; implementations must not block.
class control_events {
public:
    virtual ~control_events() = default;
    /// An RTMP client sent connect (RTMP spec 7.2.1.1).
    virtual void on_rtmp_connect(const rtmp_connect_info& /*info*/) {}
};

}  // namespace lal::server
