// SPDX-License-Identifier: MIT
// Enhanced RTMP (Veovera, v1 and v2) audio and video tag headers: the
// ExVideoTagHeader and ExAudioTagHeader that carry HEVC, AV1, VP9, Opus,
// AC-3 and E-AC-3 (and AVC/AAC) in FLV and RTMP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/flv/error.hpp>

namespace lal::flv {

/// VideoPacketType (Enhanced RTMP v1, v2 adds 6 and 7).
enum class video_packet_type : std::uint8_t {
    sequence_start = 0,          ///< decoder configuration: hvcC, av1C, vpcC, avcC
    coded_frames = 1,            ///< frames; avc1/hvc1 with a SI24 CompositionTime first
    sequence_end = 2,
    coded_frames_x = 3,          ///< frames, CompositionTime implied 0
    metadata = 4,                ///< AMF-encoded name and value (e.g. "colorInfo")
    mpeg2ts_sequence_start = 5,  ///< av01 only: the MPEG-TS av1 descriptor as the configuration
    multitrack = 6,              ///< v2: several tracks in one message
    mod_ex = 7,                  ///< v2: modifier extension before the real packet type
};

/// AudioPacketType (Enhanced RTMP v2).
enum class audio_packet_type : std::uint8_t {
    sequence_start = 0,          ///< decoder configuration: AudioSpecificConfig, OpusHead...
    coded_frames = 1,
    sequence_end = 2,
    multichannel_config = 4,     ///< channel order and count
    multitrack = 5,
    mod_ex = 7,
};

/// An ExVideoTagHeader after any ModEx prefixes: where the payload starts.
struct ex_video_header {
    std::uint8_t frame_type = 1;  ///< 1 key, 2 inter, 5 command (FLV E.4.3.1 numbering)
    video_packet_type packet_type = video_packet_type::coded_frames;
    std::uint32_t fourcc = 0;     ///< e.g. 'hvc1'; 0 for a command frame
    std::int32_t composition_time = 0;  ///< ms, avc1/hvc1 CodedFrames only
    /// ModEx TimestampOffsetNano (v2), added to the message time; 0 if absent.
    std::uint32_t timestamp_offset_ns = 0;
    std::size_t size = 0;         ///< bytes of the whole header, ModEx included
};

/// An ExAudioTagHeader after any ModEx prefixes.
struct ex_audio_header {
    audio_packet_type packet_type = audio_packet_type::coded_frames;
    std::uint32_t fourcc = 0;     ///< e.g. 'Opus'
    std::uint32_t timestamp_offset_ns = 0;
    std::size_t size = 0;
};

/// True when a video body starts with an ExVideoTagHeader (IsExHeader bit).
constexpr bool is_ex_video(lal::byte_span body) noexcept {
    return !body.empty() && (std::to_integer<unsigned>(body[0]) & 0x80) != 0;
}
/// True when an audio body starts with an ExAudioTagHeader (SoundFormat 9).
constexpr bool is_ex_audio(lal::byte_span body) noexcept {
    return !body.empty() && (std::to_integer<unsigned>(body[0]) >> 4) == 9;
}

/// Parses an ExVideoTagHeader. Errors: not_enhanced (IsExHeader is 0),
/// truncated, unsupported_multitrack (v2 multitrack packets are refused:
/// one FLV/RTMP stream carries one video track here), bad_mod_ex.
lal::result<ex_video_header> parse_ex_video_header(lal::byte_span body);

/// Parses an ExAudioTagHeader. Errors: not_enhanced (SoundFormat is not 9),
/// truncated, unsupported_multitrack, bad_mod_ex.
lal::result<ex_audio_header> parse_ex_audio_header(lal::byte_span body);

/// Appends an ExVideoTagHeader: first byte, FourCC, and CompositionTime for
/// avc1/hvc1 CodedFrames (ModEx is not written). A command frame writes no FourCC.
void append_ex_video_header(const ex_video_header& h, std::vector<std::byte>& out);

/// Appends an ExAudioTagHeader: SoundFormat 9 with the packet type, FourCC.
void append_ex_audio_header(const ex_audio_header& h, std::vector<std::byte>& out);

/// True for the FourCCs whose CodedFrames carry a CompositionTime (avc1, hvc1).
bool fourcc_has_composition_time(std::uint32_t fourcc) noexcept;

}  // namespace lal::flv
