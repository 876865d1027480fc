// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

#include <lal/rtsp_asio/pull_client.hpp>

namespace lal_tools {

/// The transport a tool's -t names: "tcp" or "udp", or lal-Go's numbers
/// (its pull tools' -t: 1 interleaved over TCP, 0 UDP).
inline std::optional<lal::rtsp_asio::transport_mode> parse_rtsp_mode(const std::string& text) {
    if (text == "tcp" || text == "1") return lal::rtsp_asio::transport_mode::tcp;
    if (text == "udp" || text == "0") return lal::rtsp_asio::transport_mode::udp;
    return std::nullopt;
}

}  // namespace lal_tools
