// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <lal/base/result.hpp>

namespace lalbench {

/// Where a WHEP player posts its offer: the HTTP server and the endpoint's path.
struct whep_target {
    std::string host;
    std::uint16_t port = 80;
    std::string path;  ///< "/whep/app/stream", or the path and query of an http:// URL given with --whep
};

/// Reads whep://host:port/app/stream (POST to /whep/app/stream on that HTTP
/// port) or, when `http_form`, http://host[:port]/path (POST to the path as it
/// is); nullopt for anything else.
std::optional<whep_target> parse_whep_target(std::string_view text, bool http_form);

/// What a WHEP player offers: its ICE credentials and its certificate's fingerprint.
struct whep_offer_params {
    std::string ufrag;        ///< RFC 8839 5.4: 4 to 256 ice-chars
    std::string pwd;          ///< 22 to 256 ice-chars
    std::string fingerprint;  ///< sha-256 of the player's DTLS certificate, "AB:CD:..."
};

/// The offer (RFC 8829 5.2): BUNDLE of a recvonly H.264 video section
/// (packetization-mode 1, baseline, main and high profiles so the server can
/// match its source, RFC 6184 8.1) and a recvonly Opus section (RFC 7587 7),
/// rtcp-mux only (RFC 8858), a=setup:active (RFC 5763 5: the player is the DTLS client).
std::string make_whep_offer(const whep_offer_params& p);

/// What a player needs from the server's answer.
struct whep_answer {
    std::string ufrag;             ///< the server's ICE credentials (RFC 8839 5.4)
    std::string pwd;
    std::string fingerprint;       ///< sha-256 of the server's certificate (RFC 8122 5)
    std::string address;           ///< the first UDP host candidate (RFC 8839 5.1)
    std::uint16_t port = 0;
    std::optional<std::uint8_t> video_pt;  ///< the H.264 payload type, when video was accepted
    std::optional<std::uint8_t> audio_pt;  ///< the Opus payload type, when audio was accepted
};

/// Reads an answer; on failure `error` says what is missing or malformed
/// (the SDP itself, credentials, fingerprint, candidate, or no accepted section).
std::optional<whep_answer> parse_whep_answer(std::string_view sdp, std::string& error);

}  // namespace lalbench
