// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include <lal/base/base64.hpp>
#include <lal/base/result.hpp>
#include <lal/media/frame.hpp>
#include <lal/rtp/depacketizer.hpp>
#include <lal/sdp/session.hpp>

namespace lal::sdp {

/// What a receiver needs for one RTP track of a media section.
struct track {
    media::media_kind kind = media::media_kind::video;
    media::codec_id codec = media::codec_id::unknown;
    std::uint8_t payload_type = 0;
    std::uint32_t clock_rate = 0;
    std::uint32_t channels = 0;  ///< audio channels, 0 when not said
    std::string control;         ///< a=control as written (see resolve_control)
    /// avcC from sprop-parameter-sets, hvcC from sprop-vps/sps/pps, ASC from
    /// config=, OpusHead for Opus; null when the SDP does not carry it (the
    /// depacketizer then takes H.264/H.265 parameter sets from the stream).
    media::track_config_ptr config;
    /// RFC 3640 sizeLength/indexLength/indexDeltaLength for AAC, else defaults.
    rtp::depacketizer_options depacketizer;
};

/// The first format of a media section that lal can receive: H264, H265,
/// mpeg4-generic (AAC-hbr/lbr), opus, PCMA, PCMU (encoding names compared
/// without case). A malformed sprop or config= is ignored when the codec can
/// still be received (H.264/H.265 then learn the sets in-band). Errors:
/// no_media, unsupported_mode (H.264 interleaved mode 2).
lal::result<track> describe_track(const media_description& m);

/// A media section for sending a track: m= line with `payload_type`,
/// rtpmap, fmtp (H.264: packetization-mode=1, profile-level-id,
/// sprop-parameter-sets; H.265: sprop-vps/sps/pps; AAC: mode=AAC-hbr with
/// config=; Opus: stereo flags) and a=control. Errors: unsupported_codec,
/// bad_parameter_sets (a record that does not parse).
lal::result<media_description> media_for(const media::track_config& config, std::uint8_t payload_type,
                                         std::string control);

/// Base64 (RFC 4648 4) of `bytes`, with padding.
using lal::base64_encode;
/// Bytes of base64 text as cameras write it (lal::base64_rules::lenient:
/// padding optional, whitespace ignored, URL-safe symbols accepted).
inline std::optional<std::vector<std::byte>> base64_decode(std::string_view text) {
    return lal::base64_decode(text, base64_rules::lenient);
}

}  // namespace lal::sdp
