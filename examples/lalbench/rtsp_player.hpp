// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <lal/rtsp/client_session.hpp>

#include "player.hpp"

namespace lalbench {

/// Where an RTSP player connects: the URL as given, its host and port (554 by default).
struct rtsp_target {
    std::string url;
    std::string host;
    std::uint16_t port = 554;
};

/// Reads rtsp://host[:port]/path; nullopt for anything else.
std::optional<rtsp_target> parse_rtsp_target(std::string_view text);

/// An RTSP player over TCP (interleaved, RFC 2326 10.12): lal::rtsp's client
/// session does OPTIONS, DESCRIBE, SETUP per track and PLAY, then hands out
/// depacketized frames; video frames are shown to the stamp reader as the FLV
/// body an RTMP player would see (5-byte AVC header, then the NAL units from
/// the first that is no parameter set).
class rtsp_player final : public player {
public:
    rtsp_player(worker& w, const player_settings& settings, const rtsp_target& target);

    void check(clock_type::time_point now) override;

private:
    void on_connected() override;
    void on_input(const lal::payload& in) override;
    void flush_output();
    void on_frame(const lal::media::media_frame& f);

    lal::rtsp::client_session session_;
};

}  // namespace lalbench
