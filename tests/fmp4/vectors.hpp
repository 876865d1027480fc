// SPDX-License-Identifier: MIT
// Track configurations of every codec the fMP4 writer carries, built from
// the vectors of the codec libraries' tests.
#pragma once

#include <memory>

#include <lal/av1/codec_configuration_record.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/media/frame.hpp>
#include <lal/opus/opus_head.hpp>

#include "../av1/vectors.hpp"
#include "../hevc/vectors.hpp"
#include "hex.hpp"

namespace lal::test::fmp4_vectors {

/// avcC of tests/data/media/h264_aac_10s.flv (Main, 640x360).
inline constexpr const char* main_avcc =
    "014d401effe10019674d401eda0280bfe5c044000003000400000300ca3c58ba8001000468ef3c80";
/// AudioSpecificConfig: AAC LC, 44.1 kHz, stereo.
inline constexpr const char* aac_lc_44100_stereo = "1210";

inline lal::media::track_config_ptr config(lal::media::media_kind kind, lal::media::codec_id codec,
                                           std::vector<std::byte> record) {
    return std::make_shared<const lal::media::track_config>(
        lal::media::track_config{kind, codec, lal::payload::adopt(std::move(record))});
}

inline lal::media::track_config_ptr h264() {
    return config(lal::media::media_kind::video, lal::media::codec_id::h264, hex(main_avcc));
}

inline lal::media::track_config_ptr h265() {
    auto rec = lal::hevc::make_decoder_configuration_record(hex(hevc_vectors::vps_main), hex(hevc_vectors::sps_main),
                                                           hex(hevc_vectors::pps_main));
    std::vector<std::byte> out;
    (void)lal::hevc::append_decoder_configuration_record(*rec, out);
    return config(lal::media::media_kind::video, lal::media::codec_id::h265, std::move(out));
}

inline lal::media::track_config_ptr av1() {
    auto rec = lal::av1::make_codec_configuration_record(hex(av1_vectors::td_and_sequence_header));
    std::vector<std::byte> out;
    lal::av1::append_codec_configuration_record(*rec, out);
    return config(lal::media::media_kind::video, lal::media::codec_id::av1, std::move(out));
}

inline lal::media::track_config_ptr aac() {
    return config(lal::media::media_kind::audio, lal::media::codec_id::aac, hex(aac_lc_44100_stereo));
}

inline lal::media::track_config_ptr opus(std::uint8_t channels = 2) {
    std::vector<std::byte> out;
    auto head = lal::opus::default_opus_head(channels);
    head.pre_skip = 312;
    (void)lal::opus::append_opus_head(head, out);
    return config(lal::media::media_kind::audio, lal::media::codec_id::opus, std::move(out));
}

}  // namespace lal::test::fmp4_vectors
