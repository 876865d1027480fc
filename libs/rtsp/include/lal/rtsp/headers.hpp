// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/sdp/session.hpp>

namespace lal::rtsp {

/// A pair of numbers "a-b" (ports, interleaved channels); b defaults to a + 1.
template <class T>
using number_pair = std::pair<T, T>;

/// One transport-spec of a Transport header (RFC 2326 12.39).
struct transport {
    std::string profile = "RTP/AVP";  ///< "RTP/AVP" (lower transport UDP) or "RTP/AVP/TCP"
    bool tcp = false;                 ///< lower transport TCP (interleaved)
    bool multicast = false;           ///< "multicast" instead of "unicast"
    std::optional<number_pair<std::uint8_t>> interleaved;   ///< interleaved=a-b
    std::optional<number_pair<std::uint16_t>> client_port;  ///< client_port=a-b
    std::optional<number_pair<std::uint16_t>> server_port;  ///< server_port=a-b
    std::optional<std::uint32_t> ssrc;                      ///< ssrc=8 hex digits
    std::string mode;                 ///< mode=PLAY / RECORD (quotes removed), empty when absent
    std::string destination;          ///< destination=address, empty when absent
    std::string source;               ///< source=address, empty when absent
};

/// Every transport-spec of a Transport header value (comma-separated, the
/// client's preference order). Errors: bad_transport (not RTP/AVP, bad numbers).
lal::result<std::vector<transport>> parse_transport(std::string_view value);
/// The header value of one transport-spec.
std::string to_string(const transport& t);

/// A Session header (RFC 2326 12.37): id and optional ";timeout=" seconds.
struct session_header {
    std::string id;
    std::optional<std::uint32_t> timeout;  ///< seconds; RFC default 60 when absent
};
/// Parses "id[;timeout=n]". Errors: bad_session (empty id, bad timeout).
lal::result<session_header> parse_session(std::string_view value);
/// "id" or "id;timeout=n".
std::string to_string(const session_header& s);

/// One stream of an RTP-Info header (RFC 2326 12.33).
struct rtp_info {
    std::string url;
    std::optional<std::uint16_t> seq;
    std::optional<std::uint32_t> rtptime;
};
/// Every entry of an RTP-Info value; entries without url are skipped.
std::vector<rtp_info> parse_rtp_info(std::string_view value);
/// "url=...;seq=...;rtptime=..." entries joined by ",".
std::string to_string(const std::vector<rtp_info>& entries);

/// Methods of a Public header (RFC 2326 12.28), "OPTIONS, DESCRIBE, ...".
std::vector<std::string> parse_public(std::string_view value);
/// The Public value of `methods`.
std::string public_value(const std::vector<std::string>& methods);

/// Range (RFC 2326 12.29) in normal play time: lal::sdp's npt_range and
/// parse_range ("npt=0-", "npt=now-", "npt=a-b") read the header as well.
using sdp::npt_range;
using sdp::parse_range;
/// "npt=0.000-" (live, no start) or "npt=a-b" with millisecond precision.
std::string to_string(const npt_range& r);

/// The base URL to resolve a DESCRIBE response's control URLs against
/// (RFC 2326 C.1.1): Content-Base, else Content-Location, else the request URI.
struct message;
std::string content_base(const message& response, std::string_view request_uri);

}  // namespace lal::rtsp
