// SPDX-License-Identifier: MIT
// FLV audio and video tag bodies for es2flvfile, in one of two forms:
// Enhanced RTMP (ExVideoTagHeader hvc1/av01, ExAudioTagHeader mp4a) or the
// legacy headers (codec id 12 for HEVC as CDNs use it, SoundFormat 10 for AAC).
#pragma once

#include <cstdint>
#include <vector>

#include <lal/base/bytes.hpp>

namespace es2flvfile {

/// The video codecs the tool writes.
enum class video_codec { hevc, av1 };

/// How the headers are written.
enum class header_style { enhanced, legacy };

/// A video SequenceStart / sequence header carrying `record` (hvcC, av1C).
std::vector<std::byte> video_config_body(video_codec codec, header_style style, lal::byte_span record);
/// A coded frame (pts = dts: CompositionTime 0; Enhanced RTMP CodedFramesX as ffmpeg 6.1 writes them).
std::vector<std::byte> video_frame_body(video_codec codec, header_style style, bool keyframe, lal::byte_span data);
/// The end of the sequence (Enhanced SequenceEnd, legacy AVCPacketType 2).
std::vector<std::byte> video_end_body(video_codec codec, header_style style);
/// AAC: the AudioSpecificConfig (`config` true) or a raw frame.
std::vector<std::byte> aac_body(header_style style, bool config, lal::byte_span data);
/// The onMetaData videocodecid/audiocodecid: the legacy id, or the FourCC as a
/// number (Enhanced RTMP "Enhancing onMetaData").
double video_codec_id(video_codec codec, header_style style);
double audio_codec_id(header_style style);

}  // namespace es2flvfile
