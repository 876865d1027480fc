// SPDX-License-Identifier: MIT
#include <lal/fmp4/track.hpp>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/av1/codec_configuration_record.hpp>
#include <lal/av1/sequence_header.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/sps.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/hevc/nal.hpp>
#include <lal/hevc/parameter_sets.hpp>
#include <lal/opus/opus_head.hpp>

namespace lal::fmp4 {

namespace media = lal::media;

namespace {

/// Width and height from the record's first SPS or sequence header; false when none parses.
bool read_picture_size(const media::track_config& c, track& t) {
    const auto rec = c.record.bytes();
    switch (c.codec) {
        case media::codec_id::h264: {
            auto r = avc::parse_decoder_configuration_record(rec);
            if (!r || r->sps.empty()) return false;
            auto sps = avc::parse_sps(r->sps.front());
            if (!sps) return false;
            t.width = sps->width();
            t.height = sps->height();
            return true;
        }
        case media::codec_id::h265: {
            auto r = hevc::parse_decoder_configuration_record(rec);
            if (!r) return false;
            const auto units = r->units_of(hevc::nal_type::sps);
            if (units.empty()) return false;
            auto sps = hevc::parse_sps(units.front());
            if (!sps) return false;
            t.width = sps->width();
            t.height = sps->height();
            return true;
        }
        case media::codec_id::av1: {
            auto r = av1::parse_codec_configuration_record(rec);
            if (!r) return false;
            auto seq = av1::find_sequence_header(r->config_obus);
            if (!seq) return false;
            t.width = seq->max_width;
            t.height = seq->max_height;
            return true;
        }
        default: return false;
    }
}

}  // namespace

lal::result<track> make_track(const media::track_config& c, std::uint32_t id) {
    if (id == 0) return make_error_code(errc::bad_track);
    track t;
    t.id = id;
    t.kind = c.kind;
    t.codec = c.codec;
    const auto rec = c.record.bytes();
    t.config.assign(rec.begin(), rec.end());
    switch (c.codec) {
        case media::codec_id::h264:
        case media::codec_id::h265:
        case media::codec_id::av1:
            t.kind = media::media_kind::video;
            t.timescale = 90000;
            if (!read_picture_size(c, t)) return make_error_code(errc::bad_config);
            return t;
        case media::codec_id::aac: {
            auto asc = aac::parse_asc(rec);
            if (!asc) return make_error_code(errc::bad_config);
            t.kind = media::media_kind::audio;
            // The core rate: frames of samples_per_frame() samples tick at it, SBR or not.
            t.sample_rate = asc->sampling_frequency;
            t.timescale = t.sample_rate;
            t.channels = static_cast<std::uint16_t>(asc->channel_count().value_or(2));
            if (t.timescale == 0) return make_error_code(errc::bad_config);
            return t;
        }
        case media::codec_id::opus: {
            auto head = opus::parse_opus_head(rec);
            if (!head) return make_error_code(errc::bad_config);
            t.kind = media::media_kind::audio;
            // Opus in ISOBMFF 4.3: the sample entry's rate and the media timescale are 48000.
            t.sample_rate = 48000;
            t.timescale = 48000;
            t.channels = head->channels;
            return t;
        }
        default: return make_error_code(errc::unsupported_codec);
    }
}

std::optional<std::uint32_t> opus_packet_samples(byte_span packet) noexcept {
    if (packet.empty()) return std::nullopt;
    const auto toc = std::to_integer<unsigned>(packet[0]);
    const unsigned config = toc >> 3;
    // RFC 6716 3.1 Table 2: frame sizes in 48 kHz samples per configuration.
    std::uint32_t frame = 0;
    if (config < 12) {
        static constexpr std::uint32_t silk[4] = {480, 960, 1920, 2880};  // 10, 20, 40, 60 ms
        frame = silk[config % 4];
    } else if (config < 16) {
        frame = config % 2 == 0 ? 480 : 960;  // hybrid: 10, 20 ms
    } else {
        static constexpr std::uint32_t celt[4] = {120, 240, 480, 960};  // 2.5, 5, 10, 20 ms
        frame = celt[config % 4];
    }
    std::uint32_t frames = 0;
    switch (toc & 3) {
        case 0: frames = 1; break;
        case 1:
        case 2: frames = 2; break;
        default:
            // 3.2.5: code 3 gives the count in the low 6 bits of the second byte.
            if (packet.size() < 2) return std::nullopt;
            frames = std::to_integer<std::uint32_t>(packet[1]) & 0x3f;
            if (frames == 0) return std::nullopt;
    }
    // 3.2.5: a packet lasts at most 120 ms.
    if (frame * frames > 5760) return std::nullopt;
    return frame * frames;
}

}  // namespace lal::fmp4
