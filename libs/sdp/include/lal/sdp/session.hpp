// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/sdp/error.hpp>

namespace lal::sdp {

/// c= connection data (RFC 8866 5.7).
struct connection {
    std::string net_type = "IN";
    std::string addr_type = "IP4";
    std::string address = "0.0.0.0";  ///< may carry "/ttl" or "/ttl/count" for multicast
    bool operator==(const connection&) const = default;
};

/// o= origin (RFC 8866 5.2).
struct origin {
    std::string username = "-";
    std::string session_id = "0";
    std::string session_version = "0";
    std::string net_type = "IN";
    std::string addr_type = "IP4";
    std::string address = "127.0.0.1";
    bool operator==(const origin&) const = default;
};

/// a=name or a=name:value (RFC 8866 5.13).
struct attribute {
    std::string name;
    std::optional<std::string> value;
    bool operator==(const attribute&) const = default;
};

/// a=rtpmap (RFC 8866 6.6): payload type to encoding, clock rate, channels.
struct rtpmap {
    std::uint8_t payload_type = 0;
    std::string encoding;          ///< as written ("H264", "mpeg4-generic", ...)
    std::uint32_t clock_rate = 0;
    std::uint32_t channels = 0;    ///< 0 when not given
    bool operator==(const rtpmap&) const = default;
};

/// One fmtp parameter "name=value" (value empty for a bare name).
using fmtp_parameter = std::pair<std::string, std::string>;

/// An m= section with its lines (RFC 8866 5.14).
struct media_description {
    std::string media = "video";       ///< video, audio, application...
    std::uint16_t port = 0;
    std::uint16_t port_count = 1;      ///< "port/count"
    std::string proto = "RTP/AVP";
    std::vector<std::string> formats;  ///< payload type numbers, as text
    std::optional<std::string> title;  ///< i=
    std::optional<sdp::connection> connection;
    std::vector<std::string> bandwidths;  ///< b= values ("AS:500")
    std::vector<sdp::attribute> attributes;

    /// Value of the first a=`name` (case-insensitive name); empty string for a
    /// flag attribute, nullopt when absent.
    std::optional<std::string_view> attribute(std::string_view name) const;
    /// The rtpmap of payload type `pt`, or the RFC 3551 static one (0 PCMU, 8 PCMA).
    std::optional<sdp::rtpmap> rtpmap(std::uint8_t pt) const;
    /// The fmtp parameters of payload type `pt` (empty when none).
    std::vector<fmtp_parameter> fmtp(std::uint8_t pt) const;
    /// a=control (RFC 2326 C.1.1), empty when absent.
    std::string_view control() const;
    bool operator==(const media_description&) const = default;
};

/// A session description (RFC 8866 5).
struct session_description {
    int version = 0;
    sdp::origin origin;
    std::string name = "-";
    std::optional<std::string> info;  ///< i=
    std::optional<std::string> uri;   ///< u=
    std::optional<sdp::connection> connection;
    std::vector<std::string> bandwidths;
    std::vector<std::string> times{"0 0"};  ///< t= values
    std::vector<sdp::attribute> attributes;
    std::vector<media_description> media;

    /// Value of the first session-level a=`key` (case-insensitive).
    std::optional<std::string_view> attribute(std::string_view key) const;
    /// Session-level a=control, empty when absent.
    std::string_view control() const;
    bool operator==(const session_description&) const = default;
};

/// Limits of parse().
struct parse_options {
    std::size_t max_size = 64 * 1024;
    std::size_t max_media = 32;
};

/// Parses a session description. Tolerant of what cameras send: CRLF or LF
/// (or a mix), blank lines, spaces around fields and at line ends, lines out
/// of the RFC 8866 order, unknown line types (ignored), a missing v= line,
/// several spaces between m= fields. Errors: too_large, bad_line,
/// bad_version, bad_origin, bad_connection, bad_media, bad_rtpmap.
lal::result<session_description> parse(std::string_view text, const parse_options& options = {});

/// The description as text, in RFC 8866 order with CRLF line ends.
std::string to_string(const session_description& s);

/// Parses an fmtp parameter list "a=1; b=2;c" (spaces and empty entries
/// tolerated). Names keep their case; compare them with fmtp_value.
std::vector<fmtp_parameter> parse_fmtp(std::string_view parameters);
/// The value of parameter `name` (case-insensitive: cameras write
/// "SizeLength" or "sizelength"), nullopt when absent.
std::optional<std::string_view> fmtp_value(const std::vector<fmtp_parameter>& params, std::string_view name);

/// A normal play time range, a=range:npt=... (RFC 2326 3.6, C.1.5).
struct npt_range {
    std::optional<double> start;  ///< seconds; nullopt for "now"
    std::optional<double> end;    ///< seconds; nullopt when open (live)
    bool operator==(const npt_range&) const = default;
};

/// Parses "npt=0-", "npt=now-", "npt=0.000-12.5" (also "npt = 0 - 12.5");
/// nullopt for other time formats (smpte, clock) or malformed values.
std::optional<npt_range> parse_range(std::string_view value);

/// A control URL resolved against the base (RFC 2326 C.1.1): absolute URLs
/// stay, "*" is the base, relative ones are appended after one '/'.
std::string resolve_control(std::string_view base, std::string_view control);

}  // namespace lal::sdp
