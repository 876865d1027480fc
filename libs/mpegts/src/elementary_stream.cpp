// SPDX-License-Identifier: MIT
#include <lal/aac/adts.hpp>
#include <lal/aac/audio_specific_config.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/hevc/nal.hpp>
#include <lal/mpegts/packet.hpp>

#include "opus.hpp"
#include "stream_state.hpp"

namespace lal::mpegts::detail {
namespace {

using media::codec_id;

media::track_config_ptr make_config(const demuxer::stream_state& s, std::vector<std::byte> record) {
    auto c = std::make_shared<media::track_config>();
    c->kind = s.kind;
    c->codec = s.codec;
    c->record = lal::payload::adopt(std::move(record));
    return c;
}

// Keeps a parameter set; true when it differs from the one held.
bool keep(std::vector<std::byte>& held, byte_span nal) {
    if (held.size() == nal.size() && std::equal(nal.begin(), nal.end(), held.begin())) return false;
    held.assign(nal.begin(), nal.end());
    return true;
}

// Annex-B access unit -> 4-byte length-prefixed NAL units (ISO/IEC 14496-15
// 5.3.2 / 8.3.2): AUDs dropped, parameter sets taken into the configuration.
std::error_code read_video(demuxer::stream_state& s, const lal::payload& es, media::micros pts, media::micros dts,
                           std::vector<media::media_frame>& out) {
    auto nals = avc::split_annexb(es.bytes());
    if (!nals) return errc::bad_elementary_stream;
    const bool hevc = s.codec == codec_id::h265;
    bool changed = false, keyframe = false;
    std::size_t size = 0;
    for (auto nal : *nals) {
        if (hevc) {
            const auto t = hevc::nal_type_of(nal);
            if (t == hevc::nal_type::aud) continue;
            if (t == hevc::nal_type::vps) { changed |= keep(s.vps, nal); continue; }
            if (t == hevc::nal_type::sps) { changed |= keep(s.sps, nal); continue; }
            if (t == hevc::nal_type::pps) { changed |= keep(s.pps, nal); continue; }
            keyframe |= hevc::is_irap(t);
        } else {
            const auto t = avc::nal_type_of(nal);
            if (t == avc::nal_unit_type::aud) continue;
            if (t == avc::nal_unit_type::sps) { changed |= keep(s.sps, nal); continue; }
            if (t == avc::nal_unit_type::pps) { changed |= keep(s.pps, nal); continue; }
            keyframe |= t == avc::nal_unit_type::idr_slice;
        }
        size += 4 + nal.size();
    }
    const bool complete = !s.sps.empty() && !s.pps.empty() && (!hevc || !s.vps.empty());
    if (changed && complete) {
        if (hevc) {
            auto rec = hevc::make_decoder_configuration_record(s.vps, s.sps, s.pps);
            std::vector<std::byte> bytes;
            if (!rec || hevc::append_decoder_configuration_record(*rec, bytes)) return errc::bad_elementary_stream;
            s.config = make_config(s, std::move(bytes));
        } else {
            auto rec = avc::make_decoder_configuration_record(s.sps, s.pps);
            std::vector<std::byte> bytes;
            if (!rec || avc::append_decoder_configuration_record(*rec, bytes)) return errc::bad_elementary_stream;
            s.config = make_config(s, std::move(bytes));
        }
    }
    if (size == 0) return {};
    if (!s.config) return errc::no_parameter_sets;
    std::vector<std::byte> data;
    data.reserve(size);
    for (auto nal : *nals) {
        if (hevc) {
            const auto t = hevc::nal_type_of(nal);
            if (t >= hevc::nal_type::vps && t <= hevc::nal_type::aud) continue;
        } else {
            const auto t = avc::nal_type_of(nal);
            if (t == avc::nal_unit_type::aud || t == avc::nal_unit_type::sps || t == avc::nal_unit_type::pps) continue;
        }
        const auto at = data.size();
        data.resize(at + 4);
        store_be(data.data() + at, nal.size(), 4);
        data.insert(data.end(), nal.begin(), nal.end());
    }
    media::media_frame f;
    f.kind = s.kind;
    f.codec = s.codec;
    f.dts = dts;
    f.pts = pts;
    f.keyframe = keyframe;
    f.data = lal::payload::adopt(std::move(data));
    f.config = s.config;
    out.push_back(std::move(f));
    return {};
}

media::media_frame audio_frame(const demuxer::stream_state& s, lal::payload data, media::micros at) {
    media::media_frame f;
    f.kind = media::media_kind::audio;
    f.codec = s.codec;
    f.dts = f.pts = at;
    f.keyframe = true;
    f.data = std::move(data);
    f.config = s.config;
    return f;
}

// One or more ADTS frames (ISO/IEC 13818-7 6.2) -> raw frames sharing the
// PES bytes; later frames are timed by 1024 samples each.
std::error_code read_aac(demuxer::stream_state& s, const lal::payload& es, media::micros pts,
                         std::vector<media::media_frame>& out) {
    std::size_t at = 0;
    std::int64_t samples = 0;
    while (at < es.size()) {
        auto frame = aac::parse_adts_frame(es.bytes().subspan(at));
        if (!frame) return errc::bad_elementary_stream;
        const auto asc = aac::to_audio_specific_config(frame->header);
        std::vector<std::byte> record;
        if (aac::append_asc(asc, record)) return errc::bad_elementary_stream;
        if (!s.config || !std::equal(record.begin(), record.end(), s.config->record.bytes().begin(),
                                     s.config->record.bytes().end())) {
            s.config = make_config(s, std::move(record));
        }
        const auto raw_at = static_cast<std::size_t>(frame->raw.data() - es.data());
        const auto rate = asc.sampling_frequency == 0 ? 1 : asc.sampling_frequency;
        out.push_back(audio_frame(s, es.slice(raw_at, frame->raw.size()), pts + samples * 1000000 / rate));
        samples += 1024;
        at += frame->header.frame_length;
    }
    return {};
}

// Opus packets behind their control headers, timed by their TOC durations.
std::error_code read_opus(demuxer::stream_state& s, const lal::payload& es, media::micros pts,
                          std::vector<media::media_frame>& out) {
    std::size_t at = 0;
    while (at < es.size()) {
        auto ref = read_opus_control_header(es.bytes().subspan(at));
        if (!ref) return errc::bad_elementary_stream;
        auto packet = es.slice(at + ref->offset, ref->size);
        const auto duration = opus_packet_duration(packet.bytes());
        out.push_back(audio_frame(s, std::move(packet), pts));
        pts += duration;
        at += ref->offset + ref->size;
    }
    return {};
}

}  // namespace

media::codec_id codec_of(std::uint8_t stream_type, byte_span descriptors) noexcept {
    switch (stream_type) {
    case stream_types::h264: return codec_id::h264;
    case stream_types::h265: return codec_id::h265;
    case stream_types::adts_aac: return codec_id::aac;
    case stream_types::mpeg1_audio:
    case stream_types::mpeg2_audio: return codec_id::mp3;
    case stream_types::private_pes: return is_opus(descriptors) ? codec_id::opus : codec_id::unknown;
    default: return codec_id::unknown;
    }
}

std::error_code read_elementary_stream(demuxer::stream_state& s, const lal::payload& es, media::micros pts,
                                       media::micros dts, std::vector<media::media_frame>& out) {
    switch (s.codec) {
    case codec_id::h264:
    case codec_id::h265: return read_video(s, es, pts, dts, out);
    case codec_id::aac: return read_aac(s, es, pts, out);
    case codec_id::opus: return read_opus(s, es, pts, out);
    default:
        if (!es.empty()) out.push_back(audio_frame(s, es, pts));
        return {};
    }
}

}  // namespace lal::mpegts::detail
