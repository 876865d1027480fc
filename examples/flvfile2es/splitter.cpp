// SPDX-License-Identifier: MIT
#include "splitter.hpp"

#include <lal/aac/adts.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/flv/media_header.hpp>

namespace flvfile2es {
namespace {

std::string at_ms(const lal::flv::tag& t) { return " (tag at " + std::to_string(t.timestamp) + " ms)"; }

}  // namespace

void es_splitter::add(const lal::flv::tag& t) {
    if (t.type == lal::flv::tag_type::video && want_video_) add_video(t);
    if (t.type == lal::flv::tag_type::audio && want_audio_) add_audio(t);
}

void es_splitter::add_video(const lal::flv::tag& t) {
    auto body = t.data.bytes();
    auto h = lal::flv::parse_video_tag_header(body);
    if (!h) throw tool_error("bad video tag header" + at_ms(t));
    if (h->codec != lal::flv::codec_id::avc) {
        throw tool_error("video codec id " + std::to_string(static_cast<int>(h->codec)) +
                         " is not H.264" + at_ms(t));
    }
    auto rest = body.subspan(h->size());
    switch (*h->packet_type) {
    case lal::flv::avc_packet_type::sequence_header: {
        auto config = lal::avc::parse_decoder_configuration_record(rest);
        if (!config) throw tool_error("bad AVC sequence header: " + config.error().message() + at_ms(t));
        avc_config_ = std::move(*config);
        return;
    }
    case lal::flv::avc_packet_type::nalu: break;
    default: return;  // end of sequence carries no picture
    }
    if (!avc_config_) throw tool_error("H.264 frame before the AVC sequence header" + at_ms(t));
    if (h->frame == lal::flv::frame_type::key) {
        // A decoder may start at any key frame: repeat the parameter sets there.
        for (const auto& sps : avc_config_->sps) lal::avc::append_annexb_nal(sps, true, video_);
        for (const auto& pps : avc_config_->pps) lal::avc::append_annexb_nal(pps, true, video_);
    }
    if (auto ec = lal::avc::avcc_to_annexb(rest, avc_config_->length_size, video_)) {
        throw tool_error("bad H.264 frame: " + ec.message() + at_ms(t));
    }
    ++video_frames_;
}

void es_splitter::add_audio(const lal::flv::tag& t) {
    auto body = t.data.bytes();
    auto h = lal::flv::parse_audio_tag_header(body);
    if (!h) throw tool_error("bad audio tag header" + at_ms(t));
    if (h->format != lal::flv::sound_format::aac) {
        throw tool_error("sound format " + std::to_string(static_cast<int>(h->format)) + " is not AAC" +
                         at_ms(t));
    }
    auto rest = body.subspan(h->size());
    if (h->aac_type == lal::flv::aac_packet_type::sequence_header) {
        auto asc = lal::aac::parse_asc(rest);
        if (!asc) throw tool_error("bad AAC sequence header: " + asc.error().message() + at_ms(t));
        asc_ = *asc;
        return;
    }
    if (!asc_) throw tool_error("AAC frame before the AAC sequence header" + at_ms(t));
    if (auto ec = lal::aac::append_adts_frame(*asc_, rest, audio_)) {
        throw tool_error("cannot write ADTS: " + ec.message() + at_ms(t));
    }
    ++audio_frames_;
}

}  // namespace flvfile2es
