// SPDX-License-Identifier: MIT
#include "flv_bodies.hpp"

#include <lal/flv/ex_header.hpp>
#include <lal/flv/frame_class.hpp>
#include <lal/flv/media_header.hpp>

namespace es2flvfile {
namespace {

std::uint32_t fourcc_of(video_codec c) {
    return c == video_codec::hevc ? lal::flv::fourcc('h', 'v', 'c', '1') : lal::flv::fourcc('a', 'v', '0', '1');
}

constexpr std::uint32_t mp4a = lal::flv::fourcc('m', 'p', '4', 'a');

std::vector<std::byte> video_body(video_codec codec, header_style style, bool keyframe,
                                  lal::flv::video_packet_type ex_type, lal::flv::avc_packet_type legacy_type,
                                  lal::byte_span data) {
    std::vector<std::byte> out;
    if (style == header_style::enhanced) {
        lal::flv::ex_video_header h;
        h.frame_type = keyframe ? 1 : 2;
        h.packet_type = ex_type;
        h.fourcc = fourcc_of(codec);
        lal::flv::append_ex_video_header(h, out);
    } else {
        // FLV E.4.3.1 layout with codec id 12: what Chinese CDNs and ffmpeg forks send.
        lal::flv::video_tag_header h;
        h.frame = keyframe ? lal::flv::frame_type::key : lal::flv::frame_type::inter;
        h.codec = lal::flv::codec_id::hevc;
        h.packet_type = legacy_type;
        lal::flv::append_video_tag_header(h, out);
    }
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

}  // namespace

std::vector<std::byte> video_config_body(video_codec codec, header_style style, lal::byte_span record) {
    return video_body(codec, style, true, lal::flv::video_packet_type::sequence_start,
                      lal::flv::avc_packet_type::sequence_header, record);
}

std::vector<std::byte> video_frame_body(video_codec codec, header_style style, bool keyframe, lal::byte_span data) {
    return video_body(codec, style, keyframe, lal::flv::video_packet_type::coded_frames_x,
                      lal::flv::avc_packet_type::nalu, data);
}

std::vector<std::byte> video_end_body(video_codec codec, header_style style) {
    return video_body(codec, style, true, lal::flv::video_packet_type::sequence_end,
                      lal::flv::avc_packet_type::end_of_sequence, {});
}

std::vector<std::byte> aac_body(header_style style, bool config, lal::byte_span data) {
    std::vector<std::byte> out;
    if (style == header_style::enhanced) {
        lal::flv::append_ex_audio_header({config ? lal::flv::audio_packet_type::sequence_start
                                                 : lal::flv::audio_packet_type::coded_frames,
                                          mp4a, 0, 0},
                                         out);
    } else {
        lal::flv::audio_tag_header h;  // AAC, 44 kHz, 16-bit, stereo: what E.4.2.1 asks of AAC
        h.aac_type = config ? lal::flv::aac_packet_type::sequence_header : lal::flv::aac_packet_type::raw;
        lal::flv::append_audio_tag_header(h, out);
    }
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

double video_codec_id(video_codec codec, header_style style) {
    return style == header_style::legacy ? 12.0 : static_cast<double>(fourcc_of(codec));
}

double audio_codec_id(header_style style) {
    return style == header_style::legacy ? 10.0 : static_cast<double>(mp4a);
}

}  // namespace es2flvfile
