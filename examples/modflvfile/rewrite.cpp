// SPDX-License-Identifier: MIT
#include "rewrite.hpp"

#include <algorithm>

#include <lal/flv/media_header.hpp>
#include <lal/flv/script_data.hpp>
#include <lal/flv/writer.hpp>

namespace modflvfile {
namespace {

namespace amf0 = lal::flv::amf0;
using lal::flv::tag_type;

bool is_on_metadata(const lal::flv::tag& t) {
    if (t.type != tag_type::script) return false;
    auto sd = lal::flv::parse_script_data(t.data.bytes());
    return sd && sd->name == lal::flv::on_metadata;
}

lal::flv::tag metadata_tag(const amf0::ecma_array& meta) {
    return {tag_type::script, 0, 0, lal::payload::adopt(lal::flv::build_metadata(meta))};
}

}  // namespace

amf0::ecma_array build_metadata(const stream_analysis& a,
                                const std::vector<std::uint64_t>& keyframe_positions,
                                std::uint64_t file_size) {
    amf0::ecma_array m;
    bool has_video = a.video_codec.has_value();
    bool has_audio = a.audio_codec.has_value();
    auto kbps = [&](std::uint64_t bytes) {
        return a.duration_s > 0 ? static_cast<double>(bytes) * 8 / 1000 / a.duration_s : 0.0;
    };

    m.set("duration", a.duration_s);
    if (has_video) {
        if (a.video && a.video->width) {
            m.set("width", a.video->width);
            m.set("height", a.video->height);
        }
        m.set("videodatarate", kbps(a.video_track.bytes));
        m.set("framerate", a.frame_rate);
        m.set("videocodecid", *a.video_codec);
    }
    if (has_audio) {
        m.set("audiodatarate", kbps(a.audio_track.bytes));
        if (a.audio) {
            m.set("audiosamplerate", a.audio->sample_rate);
            m.set("audiosamplesize", a.audio->sample_size);
            m.set("stereo", a.audio->channels >= 2);
        }
        m.set("audiocodecid", *a.audio_codec);
    }
    m.set("filesize", static_cast<double>(file_size));
    m.set("hasVideo", has_video);
    m.set("hasAudio", has_audio);
    m.set("hasMetadata", true);
    m.set("hasKeyframes", !keyframe_positions.empty());
    m.set("lasttimestamp", a.last_timestamp_s);
    m.set("metadatacreator", "lal modflvfile");
    if (has_video) {
        // The de-facto index players and ffmpeg read: parallel arrays of
        // seconds and byte offsets of key frame tags.
        amf0::strict_array times, positions;
        for (std::size_t i = 0; i < keyframe_positions.size(); ++i) {
            positions.items.emplace_back(static_cast<double>(keyframe_positions[i]));
        }
        for (auto ms : a.keyframe_times_ms) times.items.emplace_back(ms / 1000.0);
        m.set("keyframes", amf0::object{{"times", std::move(times)},
                                        {"filepositions", std::move(positions)}});
    }
    return m;
}

rewrite_output rewrite(const flv_file& in, const rewrite_options& options) {
    std::vector<lal::flv::tag> tags;
    tags.reserve(in.tags.size());
    for (const auto& t : in.tags) {
        if (!is_on_metadata(t.tag)) tags.push_back(t.tag);
    }

    if (options.shift_to_zero) {
        // The first audio or video frame; sequence headers often sit at 0 ahead of
        // a later start and only get clamped.
        std::optional<std::uint32_t> base;
        for (const auto& t : tags) {
            if (t.type == tag_type::script || lal::flv::is_sequence_header(t)) continue;
            base = std::min(base.value_or(t.timestamp), t.timestamp);
        }
        for (auto& t : tags) t.timestamp -= std::min(t.timestamp, base.value_or(0));
    }

    rewrite_output out;
    out.analysis = analyse(tags);
    const auto& a = out.analysis;

    // Pass 1: size of the metadata tag with placeholder numbers.
    std::vector<std::uint64_t> positions(a.keyframe_tags.size(), 0);
    auto first = metadata_tag(build_metadata(a, positions, 0));
    std::uint64_t offset = lal::flv::file_header_size + lal::flv::previous_tag_size_size +
                           lal::flv::wire_size(first);
    std::vector<std::uint64_t> tag_offsets;
    tag_offsets.reserve(tags.size());
    for (const auto& t : tags) {
        tag_offsets.push_back(offset);
        offset += lal::flv::wire_size(t);
    }
    for (std::size_t k = 0; k < positions.size(); ++k) positions[k] = tag_offsets[a.keyframe_tags[k]];

    // Pass 2: the real numbers; same size, so the offsets above hold.
    out.metadata = build_metadata(a, positions, offset);
    auto meta = metadata_tag(out.metadata);
    if (meta.data.size() != first.data.size()) throw tool_error("internal error: metadata size changed");

    lal::flv::file_header header = in.header;
    header.has_video = a.video_codec.has_value();
    header.has_audio = a.audio_codec.has_value();
    header.data_offset = lal::flv::file_header_size;
    out.bytes.reserve(static_cast<std::size_t>(offset));
    lal::flv::writer w(out.bytes);
    w.write_header(header);
    w.write(meta);
    for (const auto& t : tags) w.write(t);
    if (w.offset() != offset) throw tool_error("internal error: layout changed while writing");
    return out;
}

}  // namespace modflvfile
