// SPDX-License-Identifier: MIT
#include <lal/flv/codec_info.hpp>

#include <lal/av1/codec_configuration_record.hpp>
#include <lal/vp9/codec_configuration_record.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/hevc/nal.hpp>
#include <lal/hevc/parameter_sets.hpp>

namespace lal::flv {

lal::result<audio_info> parse_audio_info(lal::byte_span data) {
    auto h = parse_audio_tag_header(data);
    if (!h) return h.error();
    audio_info info;
    info.format = h->format;
    info.sample_size = h->sample_16bit ? 16 : 8;
    info.channels = h->stereo ? 2 : 1;
    // E.4.2.1 SoundRate; a few formats fix their own rate.
    static constexpr std::uint32_t rates[] = {5512, 11025, 22050, 44100};
    info.sample_rate = rates[h->rate & 3];

    switch (h->format) {
    case sound_format::aac: {
        if (h->aac_type != aac_packet_type::sequence_header) return errc::not_sequence_header;
        auto asc = lal::aac::parse_asc(data.subspan(h->size()));
        if (!asc) return asc.error();
        info.sample_rate = asc->output_sampling_frequency();
        info.sample_size = 16;
        if (auto n = asc->channel_count()) info.channels = *n;
        if (auto samples = asc->samples_per_frame(); samples && asc->sampling_frequency) {
            info.frame_duration_ms = *samples * 1000.0 / asc->sampling_frequency;
        }
        info.asc = std::move(*asc);
        break;
    }
    case sound_format::nellymoser_8k_mono:
    case sound_format::mp3_8k: info.sample_rate = 8000; break;
    case sound_format::nellymoser_16k_mono:
    case sound_format::speex: info.sample_rate = 16000; break;
    default: break;
    }
    return info;
}

lal::result<video_info> parse_video_info(lal::byte_span data) {
    auto h = parse_video_tag_header(data);
    if (!h) return h.error();
    // Only AVC is described here; HEVC shares the tag layout but not the record.
    if (h->codec != codec_id::avc || h->packet_type != avc_packet_type::sequence_header) {
        return errc::not_sequence_header;
    }
    auto config = lal::avc::parse_decoder_configuration_record(data.subspan(h->size()));
    if (!config) return config.error();
    video_info info;
    info.codec = h->codec;
    if (!config->sps.empty()) {
        auto sps = lal::avc::parse_sps(config->sps.front());
        if (!sps) return sps.error();
        info.width = sps->width();
        info.height = sps->height();
        info.frame_rate = sps->frame_rate();
        info.sps = std::move(*sps);
    }
    info.avc_config = std::move(*config);
    return info;
}

lal::result<video_config_info> describe_video_config(media::codec_id codec, lal::byte_span record) {
    video_config_info info;
    switch (codec) {
    case media::codec_id::h264: {
        // ISO/IEC 14496-15 5.3.3.1: the size is in the first SPS.
        auto rec = lal::avc::parse_decoder_configuration_record(record);
        if (!rec) return rec.error();
        if (rec->sps.empty()) return errc::not_sequence_header;
        auto sps = lal::avc::parse_sps(rec->sps.front());
        if (!sps) return sps.error();
        info.width = sps->width();
        info.height = sps->height();
        info.bit_depth = static_cast<std::uint8_t>(sps->bit_depth_luma);
        info.codec_string = rec->codec_string();
        return info;
    }
    case media::codec_id::h265: {
        // ISO/IEC 14496-15 8.3.3.1: the SPS array.
        auto rec = lal::hevc::parse_decoder_configuration_record(record);
        if (!rec) return rec.error();
        const auto sps_units = rec->units_of(lal::hevc::nal_type::sps);
        if (sps_units.empty()) return errc::not_sequence_header;
        auto sps = lal::hevc::parse_sps(sps_units.front());
        if (!sps) return sps.error();
        info.width = sps->width();
        info.height = sps->height();
        info.bit_depth = sps->bit_depth_luma;
        info.codec_string = rec->codec_string();
        return info;
    }
    case media::codec_id::av1: {
        // AV1-ISOBMFF 2.3.3: configOBUs hold the sequence header.
        auto rec = lal::av1::parse_codec_configuration_record(record);
        if (!rec) return rec.error();
        auto seq = lal::av1::find_sequence_header(rec->config_obus);
        if (!seq) {
            if (seq.error() == lal::av1::errc::no_sequence_header) return errc::not_sequence_header;
            return seq.error();
        }
        info.width = seq->max_width;
        info.height = seq->max_height;
        info.bit_depth = seq->bit_depth;
        info.codec_string = rec->codec_string();
        return info;
    }
    case media::codec_id::vp9: {
        // VP Codec ISO binding 2.2: no picture size in the vpcC (it is in each key frame).
        auto rec = lal::vp9::parse_codec_configuration_record(record);
        if (!rec) return rec.error();
        info.bit_depth = rec->bit_depth;
        info.codec_string = rec->codec_string();
        return info;
    }
    default: return errc::unsupported_codec;
    }
}

}  // namespace lal::flv
