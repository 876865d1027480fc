// SPDX-License-Identifier: MIT
#include "es_source.hpp"

#include <lal/aac/adts.hpp>
#include <lal/aac/audio_specific_config.hpp>
#include <lal/av1/codec_configuration_record.hpp>
#include <lal/av1/obu.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/hevc/nal.hpp>
#include <lal/hevc/parameter_sets.hpp>

namespace es2flvfile {

stream read_hevc(lal::byte_span annexb) {
    auto nals = lal::avc::split_annexb(annexb);
    if (!nals) throw tool_error("not an H.265 Annex-B stream: " + nals.error().message());
    stream out;
    std::vector<std::byte> vps, sps, pps;
    sample current;
    bool after_vcl = false;
    const auto flush = [&] {
        if (!current.data.empty()) out.samples.push_back(std::move(current));
        current = {};
    };
    for (auto nal : *nals) {
        const auto type = lal::hevc::nal_type_of(nal);
        if (lal::hevc::starts_access_unit(nal, after_vcl)) {
            flush();
            after_vcl = false;
        }
        if (type == lal::hevc::nal_type::aud) continue;
        // The first parameter sets make the configuration; repeats stay in
        // the frames, as encoders send them (decoders take them in band).
        if (type == lal::hevc::nal_type::vps && vps.empty()) vps = lal::to_vector(nal);
        if (type == lal::hevc::nal_type::sps && sps.empty()) sps = lal::to_vector(nal);
        if (type == lal::hevc::nal_type::pps && pps.empty()) pps = lal::to_vector(nal);
        if (lal::hevc::is_parameter_set(type)) continue;
        if (lal::hevc::is_vcl(type)) {
            after_vcl = true;
            current.keyframe |= lal::hevc::is_irap(type);
        }
        if (auto ec = lal::avc::append_avcc_nal(nal, 4, current.data)) throw tool_error("NAL unit: " + ec.message());
    }
    flush();
    if (vps.empty() || sps.empty() || pps.empty()) throw tool_error("no VPS, SPS and PPS in the H.265 stream");
    auto rec = lal::hevc::make_decoder_configuration_record(vps, sps, pps);
    if (!rec) throw tool_error("bad H.265 parameter sets: " + rec.error().message());
    if (auto ec = lal::hevc::append_decoder_configuration_record(*rec, out.config)) throw tool_error(ec.message());
    auto s = lal::hevc::parse_sps(sps);
    out.width = s->width();
    out.height = s->height();
    return out;
}

stream read_av1(lal::byte_span in) {
    auto obus = lal::av1::split_obus(in);
    if (!obus) throw tool_error("not an AV1 OBU stream: " + obus.error().message());
    stream out;
    sample current;
    const auto flush = [&] {
        if (!current.data.empty()) out.samples.push_back(std::move(current));
        current = {};
    };
    for (const auto& o : *obus) {
        // AV1 spec 7.5: a temporal delimiter starts each temporal unit.
        if (o.type == lal::av1::obu_type::temporal_delimiter) {
            flush();
            continue;
        }
        if (o.type == lal::av1::obu_type::sequence_header) {
            current.keyframe = true;
            if (out.config.empty()) {
                auto rec = lal::av1::make_codec_configuration_record(o.whole);
                if (!rec) throw tool_error("bad AV1 sequence header: " + rec.error().message());
                lal::av1::append_codec_configuration_record(*rec, out.config);
                auto seq = lal::av1::find_sequence_header(o.whole);
                out.width = seq->max_width;
                out.height = seq->max_height;
            }
        }
        current.data.insert(current.data.end(), o.whole.begin(), o.whole.end());
    }
    flush();
    if (out.config.empty()) throw tool_error("no sequence header in the AV1 stream");
    return out;
}

stream read_adts(lal::byte_span in) {
    stream out;
    while (!in.empty()) {
        auto frame = lal::aac::parse_adts_frame(in);
        if (!frame) throw tool_error("bad ADTS frame: " + frame.error().message());
        if (out.config.empty()) {
            auto asc = lal::aac::to_audio_specific_config(frame->header);
            if (auto ec = lal::aac::append_asc(asc, out.config)) throw tool_error(ec.message());
            out.sample_rate = asc.sampling_frequency;
            out.channels = asc.channel_count().value_or(2);
            out.samples_per_frame = asc.samples_per_frame().value_or(1024);
        }
        out.samples.push_back({lal::to_vector(frame->raw), true});
        in = in.subspan(frame->header.frame_length);
    }
    if (out.samples.empty()) throw tool_error("no ADTS frames");
    return out;
}

}  // namespace es2flvfile
