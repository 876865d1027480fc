// SPDX-License-Identifier: MIT
#include "splitter.hpp"

#include <lal/aac/adts.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/flv/media_convert.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>

namespace flvfile2es {
namespace {

std::string at_ms(const lal::flv::tag& t) { return " (tag at " + std::to_string(t.timestamp) + " ms)"; }

}  // namespace

void es_splitter::add(const lal::flv::tag& t) {
    if (t.type == lal::flv::tag_type::video && want_video_) add_video(t);
    if (t.type == lal::flv::tag_type::audio && want_audio_) add_audio(t);
}

void es_splitter::add_video(const lal::flv::tag& t) {
    using lal::media::codec_id;
    auto item = lal::flv::to_media(lal::flv::tag_type::video, t.timestamp, t.data);
    if (!item) throw tool_error("bad video tag: " + item.error().message() + at_ms(t));
    if (item->what == lal::media::media_item::type::other) return;  // command frames, metadata...
    const auto codec = item->frame.codec;
    if (codec != codec_id::h264 && codec != codec_id::h265) {
        throw tool_error("video codec " + std::string(lal::media::name(codec)) + " is not H.264 or H.265" + at_ms(t));
    }
    if (video_codec_ != codec_id::unknown && video_codec_ != codec) throw tool_error("the video codec changes" + at_ms(t));
    video_codec_ = codec;
    const bool hevc = codec == codec_id::h265;
    if (item->what == lal::media::media_item::type::config) {
        const auto record = item->config->record.bytes();
        std::vector<std::vector<std::byte>> sets;
        if (hevc) {
            // ISO/IEC 14496-15 8.3.3.1: every array (VPS, SPS, PPS, SEI) in order.
            auto rec = lal::hevc::parse_decoder_configuration_record(record);
            if (!rec) throw tool_error("bad HEVC sequence header: " + rec.error().message() + at_ms(t));
            for (auto& a : rec->arrays) sets.insert(sets.end(), a.units.begin(), a.units.end());
            length_size_ = rec->length_size;
        } else {
            auto rec = lal::avc::parse_decoder_configuration_record(record);
            if (!rec) throw tool_error("bad AVC sequence header: " + rec.error().message() + at_ms(t));
            sets = rec->sps;
            sets.insert(sets.end(), rec->pps.begin(), rec->pps.end());
            length_size_ = rec->length_size;
        }
        parameter_sets_ = std::move(sets);
        return;
    }
    if (item->what != lal::media::media_item::type::frame) return;  // end of sequence carries no picture
    if (!parameter_sets_) throw tool_error("video frame before the sequence header" + at_ms(t));
    // A decoder may start at any key frame: repeat the parameter sets there.
    if (item->frame.keyframe) {
        for (const auto& ps : *parameter_sets_) lal::avc::append_annexb_nal(ps, true, video_);
    }
    // H.265 has no rule on which units need the 4-byte start code: use it everywhere.
    const auto style = hevc ? lal::avc::start_code_style::always_four : lal::avc::start_code_style::as_required;
    if (auto ec = lal::avc::avcc_to_annexb(item->frame.data.bytes(), length_size_, video_, style)) {
        throw tool_error("bad video frame: " + ec.message() + at_ms(t));
    }
    ++video_frames_;
}

void es_splitter::add_audio(const lal::flv::tag& t) {
    auto item = lal::flv::to_media(lal::flv::tag_type::audio, t.timestamp, t.data);
    if (!item) throw tool_error("bad audio tag: " + item.error().message() + at_ms(t));
    if (item->frame.codec != lal::media::codec_id::aac) {
        throw tool_error("audio codec " + std::string(lal::media::name(item->frame.codec)) + " is not AAC" + at_ms(t));
    }
    if (item->what == lal::media::media_item::type::config) {
        auto asc = lal::aac::parse_asc(item->config->record.bytes());
        if (!asc) throw tool_error("bad AAC sequence header: " + asc.error().message() + at_ms(t));
        asc_ = *asc;
        return;
    }
    if (item->what != lal::media::media_item::type::frame) return;
    if (!asc_) throw tool_error("AAC frame before the AAC sequence header" + at_ms(t));
    if (auto ec = lal::aac::append_adts_frame(*asc_, item->frame.data.bytes(), audio_)) {
        throw tool_error("cannot write ADTS: " + ec.message() + at_ms(t));
    }
    ++audio_frames_;
}

}  // namespace flvfile2es
