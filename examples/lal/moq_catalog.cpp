// SPDX-License-Identifier: MIT
#include "moq_catalog.hpp"

#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/sps.hpp>
#include <lal/opus/opus_head.hpp>

namespace lal::server {

bool moq_serves(lal::media::codec_id codec) noexcept {
    using lal::media::codec_id;
    return codec == codec_id::h264 || codec == codec_id::aac || codec == codec_id::opus;
}

std::optional<lal::moqt::msf_track> msf_track_for(const lal::media::track_config& config) {
    using lal::media::codec_id;
    const auto record = config.record.bytes();
    lal::moqt::msf_track t;
    t.init_data.assign(record.begin(), record.end());
    switch (config.codec) {
    case codec_id::h264: {
        // WebCodecs takes the avcC as the description and length-prefixed
        // NAL units as chunks (the AVC codec registration, 3).
        auto rec = lal::avc::parse_decoder_configuration_record(record);
        if (!rec) return std::nullopt;
        t.name = t.role = "video";
        t.codec = rec->codec_string();
        if (!rec->sps.empty()) {
            if (auto sps = lal::avc::parse_sps(rec->sps.front())) {
                t.width = sps->width();
                t.height = sps->height();
            }
        }
        return t;
    }
    case codec_id::aac: {
        auto asc = lal::aac::parse_asc(record);
        if (!asc) return std::nullopt;
        t.name = t.role = "audio";
        t.codec = "mp4a.40." + std::to_string(asc->object_type);  // RFC 6381 3.3
        t.samplerate = asc->sampling_frequency;
        if (asc->channel_configuration != 0) t.channels = asc->channel_configuration;
        return t;
    }
    case codec_id::opus: {
        auto head = lal::opus::parse_opus_head(record);
        if (!head) return std::nullopt;
        t.name = t.role = "audio";
        t.codec = "opus";
        t.samplerate = 48000;  // RFC 7845 5.1: Opus always decodes at 48 kHz
        t.channels = head->channels;
        return t;
    }
    default:
        return std::nullopt;
    }
}

}  // namespace lal::server
